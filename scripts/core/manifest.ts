import type { ObjectRef, SourceLocation } from './diagnostic.ts';

/** A Kubernetes object as loaded: plain JSON data, deep-frozen before any rule sees it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly generateName?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * One object ready for validation. A pointer inside it is turned into the file, line and column a
 * person edits by the locate stage: for plain files through the document itself (`locate`); for a
 * rendered kustomize target through the base, patch or kustomization file the field came from,
 * which needs the target rendered with origins (then `locate` is set too).
 */
export interface Manifest {
  readonly object: KubeObject;
  readonly ref: ObjectRef;
  /** Render target directory or plain input file, as displayed. */
  readonly target: string;
  /** Kubernetes version (`1.36`) the object is validated against. */
  readonly kubernetesVersion: string;
  /** Environment name (dev, staging, prod) when the target deploys to a known cluster. */
  readonly environment?: string;
  /** Set when the object can be located as loaded: a plain document, or a target rendered with origins. */
  locate?(pointer: string): SourceLocation;
  /** For an object of a rendered target: its position in the target's output (0-based). */
  readonly position?: number;
  /**
   * The plain (unquoted) scalar text at the pointer in the source, when there is one; lets a
   * schema error explain a YAML 1.1 surprise such as `value: on` becoming a boolean.
   */
  sourceScalar?(pointer: string): string | undefined;
}

export function objectRef(object: KubeObject): ObjectRef {
  const ref: ObjectRef = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? object.metadata.generateName ?? '',
  };
  if (object.metadata.namespace !== undefined) ref.namespace = object.metadata.namespace;
  return ref;
}

/** Freezes a JSON value and everything below it, so no stage can change what another sees. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
