/**
 * The index the engine gives cross-object rules (`context.index`), one per scope. A scope can
 * hold 20,000 objects, so rules look objects up in maps built on first use instead of scanning it.
 *
 * Namespaces: in rendered output every namespaced object carries one; in plain files it may be
 * missing, and a missing namespace is treated as equal to the other side's.
 */
import type { ClusterView } from '../argocd/index.ts';
import type { Manifest } from '../core/manifest.ts';
import { podTemplates, type PodTemplate } from './pods.ts';
import type { Labels } from './types.ts';
import { matchesLabels, matchesSelector } from './labels.ts';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { asRecord, stringMap } from './values.ts';

export function namespaceOf(manifest: Manifest): string | undefined {
  const namespace: unknown = manifest.object.metadata.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}

/** Items by key, looked up within a namespace (plus items without one), or anywhere when the asker has none. */
export class NamespacedIndex<T> {
  // Nested maps rather than `namespace/key` strings: no string building per add or lookup.
  private readonly inNamespace = new Map<string, Map<string, T[]>>();
  private readonly withoutNamespace = new Map<string, T[]>();
  /** Every item by key, in the order added: built on the first lookup without a namespace (rendered output never asks). */
  private anywhere: Map<string, T[]> | undefined;
  private readonly addedKeys: string[] = [];
  private readonly addedItems: T[] = [];

  add(namespace: string | undefined, key: string, item: T): void {
    this.addedKeys.push(key);
    this.addedItems.push(item);
    if (this.anywhere !== undefined) append(this.anywhere, key, item);
    if (namespace === undefined) {
      append(this.withoutNamespace, key, item);
      return;
    }
    let byKey = this.inNamespace.get(namespace);
    if (byKey === undefined) this.inNamespace.set(namespace, (byKey = new Map<string, T[]>()));
    append(byKey, key, item);
  }

  get(namespace: string | undefined, key: string): readonly T[] {
    if (namespace === undefined) return this.everywhere().get(key) ?? none;
    const found = this.inNamespace.get(namespace)?.get(key) ?? none;
    const unnamespaced = this.withoutNamespace.get(key);
    return unnamespaced === undefined ? found : [...found, ...unnamespaced];
  }

  private everywhere(): Map<string, T[]> {
    if (this.anywhere === undefined) {
      this.anywhere = new Map<string, T[]>();
      for (let index = 0; index < this.addedKeys.length; index++) append(this.anywhere, this.addedKeys[index]!, this.addedItems[index]!);
    }
    return this.anywhere;
  }
}

const none: readonly never[] = Object.freeze([]);

function append<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

/** A pod template of the scope with the workload it belongs to. */
export interface ScopedPod {
  manifest: Manifest;
  template: PodTemplate;
  namespace: string | undefined;
}

const everyPod = '';

/** Pod templates of a scope indexed by namespace and by each label pair. */
export class PodIndex {
  readonly pods: readonly ScopedPod[];
  private readonly byLabel = new NamespacedIndex<ScopedPod>();

  constructor(scope: readonly Manifest[]) {
    const pods: ScopedPod[] = [];
    for (const manifest of scope) {
      for (const template of podTemplates(manifest.object)) {
        const pod = { manifest, template, namespace: namespaceOf(manifest) };
        pods.push(pod);
        this.byLabel.add(pod.namespace, everyPod, pod);
        const labels = template.labels;
        for (const key in labels) this.byLabel.add(pod.namespace, labelKey(key, labels[key]!), pod);
      }
    }
    this.pods = pods;
  }

  inNamespace(namespace: string | undefined): readonly ScopedPod[] {
    return this.byLabel.get(namespace, everyPod);
  }

  /** Pods a Service-style selector picks (the shortest candidate list is filtered). */
  selectedBy(namespace: string | undefined, selector: Labels): ScopedPod[] {
    return this.candidates(namespace, selector).filter((pod) => matchesLabels(selector, pod.template.labels));
  }

  /** Pods a `LabelSelector` picks; an empty selector picks every pod of the namespace. */
  selectedBySelector(namespace: string | undefined, selector: LabelSelector): ScopedPod[] {
    return this.candidates(namespace, stringMap(selector.matchLabels) ?? {}).filter((pod) =>
      matchesSelector(selector, pod.template.labels),
    );
  }

  /** Whether a `LabelSelector` picks any pod (stops at the first). */
  selectsAny(namespace: string | undefined, selector: LabelSelector): boolean {
    return this.candidates(namespace, stringMap(selector.matchLabels) ?? {}).some((pod) =>
      matchesSelector(selector, pod.template.labels),
    );
  }

  /** Of a selector's label pairs, the one the fewest pods carry (undefined for an empty map). */
  rarestPair(namespace: string | undefined, equalities: Labels): [key: string, value: string] | undefined {
    let rarest: [string, string] | undefined;
    let fewest = Infinity;
    for (const [key, value] of Object.entries(equalities)) {
      const count = this.byLabel.get(namespace, labelKey(key, value)).length;
      if (count < fewest) [rarest, fewest] = [[key, value], count];
    }
    return rarest;
  }

  private candidates(namespace: string | undefined, equalities: Labels): readonly ScopedPod[] {
    const rarest = this.rarestPair(namespace, equalities);
    return rarest === undefined ? this.inNamespace(namespace) : this.byLabel.get(namespace, labelKey(...rarest));
  }
}

export function labelKey(key: string, value: string): string {
  return `${key}=${value}`;
}

/** Objects of one kind (any API group), in scope order and by namespace and name. */
export class ObjectsOfKind {
  readonly all: Manifest[] = [];
  /** Built on the first lookup by name: most kinds are only listed. */
  private byName: NamespacedIndex<Manifest> | undefined;

  add(manifest: Manifest): void {
    this.all.push(manifest);
    this.byName?.add(namespaceOf(manifest), manifest.object.metadata.name ?? '', manifest);
  }

  /** The objects of this name in the namespace (plus those without one), or anywhere when `namespace` is undefined. */
  named(namespace: string | undefined, name: string): readonly Manifest[] {
    if (this.byName === undefined) {
      this.byName = new NamespacedIndex<Manifest>();
      for (const manifest of this.all) this.byName.add(namespaceOf(manifest), manifest.object.metadata.name ?? '', manifest);
    }
    return this.byName.get(namespace, name);
  }
}

export interface Autoscaler {
  manifest: Manifest;
  minReplicas: number;
  maxReplicas: number | undefined;
}

const noObjects = new ObjectsOfKind();

export class ScopeIndex {
  private podIndex: PodIndex | undefined;
  private kinds: Map<string, ObjectsOfKind> | undefined;
  private namespaceSet: Set<string> | undefined;
  private autoscalers: NamespacedIndex<Autoscaler> | undefined;
  private readonly derived = new Map<(index: ScopeIndex) => unknown, unknown>();

  constructor(
    readonly objects: readonly Manifest[],
    /** The Argo CD model of the scope's cluster, when the scope is one environment of the repository. */
    readonly argocd?: ClusterView,
    private readonly renderedObjects?: (target: string) => readonly Manifest[] | undefined,
  ) {}

  /** What a render target rendered (for the rules on kustomization files); undefined when unknown. */
  rendered(target: string): readonly Manifest[] | undefined {
    return this.renderedObjects?.(target);
  }

  /** Pod templates of the scope by namespace and label. */
  get pods(): PodIndex {
    return (this.podIndex ??= new PodIndex(this.objects));
  }

  /** Objects of one kind, of any API group: a rule that cares checks `apiVersion` itself. */
  byKind(kind: string): ObjectsOfKind {
    if (this.kinds === undefined) {
      this.kinds = new Map();
      for (const manifest of this.objects) {
        let objects = this.kinds.get(manifest.object.kind);
        if (objects === undefined) this.kinds.set(manifest.object.kind, (objects = new ObjectsOfKind()));
        objects.add(manifest);
      }
    }
    return this.kinds.get(kind) ?? noObjects;
  }

  /** Namespaces the scope names: those objects are in, and those of Namespace objects. */
  get namespaces(): ReadonlySet<string> {
    if (this.namespaceSet === undefined) {
      this.namespaceSet = new Set();
      for (const manifest of this.objects) {
        const namespace = namespaceOf(manifest);
        if (namespace !== undefined) this.namespaceSet.add(namespace);
        const { object } = manifest;
        if (object.kind === 'Namespace' && object.metadata.name !== undefined) this.namespaceSet.add(object.metadata.name);
      }
    }
    return this.namespaceSet;
  }

  /** The HorizontalPodAutoscalers scaling this workload (same namespace, or either side without one). */
  autoscalersOf(manifest: Manifest): readonly Autoscaler[] {
    this.autoscalers ??= indexAutoscalers(this.byKind('HorizontalPodAutoscaler').all);
    return this.autoscalers.get(namespaceOf(manifest), scaledWorkloadKey(manifest.object.kind, manifest.object.metadata.name ?? ''));
  }

  /**
   * What a rule builds from the index for its own lookups (a Service table, the policies by
   * label), built once per scope: `build` must be one module-level function, the cache key.
   */
  derive<T>(build: (index: ScopeIndex) => T): T {
    if (!this.derived.has(build)) this.derived.set(build, build(this));
    return this.derived.get(build) as T;
  }
}

function scaledWorkloadKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/** HorizontalPodAutoscalers by the `kind/name` of the workload they scale. */
function indexAutoscalers(candidates: readonly Manifest[]): NamespacedIndex<Autoscaler> {
  const index = new NamespacedIndex<Autoscaler>();
  for (const manifest of candidates) {
    const { object } = manifest;
    if (!object.apiVersion.startsWith('autoscaling/')) continue;
    const spec = asRecord(object.spec);
    const target = asRecord(spec?.scaleTargetRef);
    if (typeof target?.kind !== 'string' || typeof target.name !== 'string') continue;
    index.add(namespaceOf(manifest), scaledWorkloadKey(target.kind, target.name), {
      manifest,
      minReplicas: typeof spec?.minReplicas === 'number' ? spec.minReplicas : 1,
      maxReplicas: typeof spec?.maxReplicas === 'number' ? spec.maxReplicas : undefined,
    });
  }
  return index;
}
