import path from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../core/manifest.ts';
import { originAnnotation, transformationsAnnotation } from './wrapper.ts';

/** Where kustomize says a rendered object came from (absolute paths). */
export interface BuildMetadata {
  /** The resource file the object was read from. */
  originFile?: string;
  /** For generated objects: the kustomization whose generator made it, and the generator kind. */
  generatedIn?: string;
  generator?: string;
  /** Kustomizations whose transformers touched the object, innermost first (over-reported). */
  transformedIn: Array<{ kustomization: string; transformer: string }>;
}

/**
 * Splits the build metadata annotations off a rendered object. Returns a copy without them (and
 * without an annotations map they leave empty), so no later stage sees the plumbing.
 */
export function takeBuildMetadata(object: KubeObject, wrapperDir: string): { object: KubeObject; metadata: BuildMetadata } {
  const annotations = object.metadata?.annotations;
  const metadata: BuildMetadata = { transformedIn: [] };
  if (annotations === undefined || typeof annotations !== 'object') return { object, metadata };
  if (!(originAnnotation in annotations) && !(transformationsAnnotation in annotations)) return { object, metadata };

  const origin = parseAnnotation(annotations[originAnnotation]) as
    | { path?: string; configuredIn?: string; configuredBy?: { kind?: string } }
    | undefined;
  if (typeof origin?.path === 'string') metadata.originFile = path.resolve(wrapperDir, origin.path);
  if (typeof origin?.configuredIn === 'string') {
    metadata.generatedIn = path.resolve(wrapperDir, origin.configuredIn);
    metadata.generator = origin.configuredBy?.kind;
  }
  const transformations = parseAnnotation(annotations[transformationsAnnotation]);
  if (Array.isArray(transformations)) {
    for (const entry of transformations as Array<{ configuredIn?: string; configuredBy?: { kind?: string } }>) {
      if (typeof entry?.configuredIn !== 'string') continue;
      metadata.transformedIn.push({
        kustomization: path.resolve(wrapperDir, entry.configuredIn),
        transformer: entry.configuredBy?.kind ?? '',
      });
    }
  }

  const { [originAnnotation]: _origin, [transformationsAnnotation]: _transformations, ...rest } = annotations;
  const { annotations: _annotations, ...metadataRest } = object.metadata;
  const strippedMetadata = Object.keys(rest).length > 0 ? { ...metadataRest, annotations: rest } : metadataRest;
  return { object: { ...object, metadata: strippedMetadata }, metadata };
}

function parseAnnotation(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}
