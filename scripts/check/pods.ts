/** Pod templates and containers of workload objects, each with its JSON pointer. */
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../core/manifest.ts';
import type { KindSelector, Labels } from './types.ts';
import { asRecord, objectItems, stringMap } from './values.ts';

export interface PodTemplate {
  /** Pointer of the template (`/spec/template`); '' for a Pod, whose metadata and spec are the object's. */
  pointer: string;
  /** Pointer of the pod spec (`/spec/template/spec`). */
  specPointer: string;
  spec: PodSpec;
  labels: Labels | undefined;
  annotations: Labels | undefined;
  /** Job and CronJob pods, and bare Pods that do not restart: they finish, they are not served. */
  runsToCompletion: boolean;
}

/**
 * `container` and `sidecar` run for the pod's lifetime; a sidecar is a native sidecar, an init
 * container with `restartPolicy: Always` (Kubernetes 1.29+).
 */
export type ContainerRole = 'container' | 'init' | 'sidecar' | 'ephemeral';

export interface ContainerRef {
  container: Container;
  pointer: string;
  role: ContainerRole;
}

interface TemplateLocation {
  group: string;
  path: readonly string[];
  /** The path as a JSON pointer, computed once (every object asks). */
  pointer: string;
  runsToCompletion: boolean;
}

function at(group: string, path: readonly string[], runsToCompletion: boolean): TemplateLocation {
  return { group, path, pointer: path.map((segment) => `/${segment}`).join(''), runsToCompletion };
}

const templateLocations: Readonly<Record<string, TemplateLocation>> = {
  Pod: at('', [], false),
  Deployment: at('apps', ['spec', 'template'], false),
  StatefulSet: at('apps', ['spec', 'template'], false),
  DaemonSet: at('apps', ['spec', 'template'], false),
  ReplicaSet: at('apps', ['spec', 'template'], false),
  Job: at('batch', ['spec', 'template'], true),
  CronJob: at('batch', ['spec', 'jobTemplate', 'spec', 'template'], true),
};

/** The kinds with a pod template, for `meta.kinds` of rules about pods and containers. */
export const podTemplateKinds: readonly KindSelector[] = Object.entries(templateLocations).map(([kind, { group }]) => ({ group, kind }));

const templateCache = new WeakMap<KubeObject, readonly PodTemplate[]>();
const containerCache = new WeakMap<PodSpec, readonly ContainerRef[]>();

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The pod templates of a workload object (none for other kinds). */
export function podTemplates(object: KubeObject): readonly PodTemplate[] {
  // Most objects of a scope have no template: answered without the cache.
  const location = Object.hasOwn(templateLocations, object.kind) ? templateLocations[object.kind] : undefined;
  if (location === undefined) return noTemplates;
  let templates = templateCache.get(object);
  if (templates === undefined) {
    templates = findPodTemplates(object, location);
    templateCache.set(object, templates);
  }
  return templates;
}

const noTemplates: readonly PodTemplate[] = Object.freeze([]);

function findPodTemplates(object: KubeObject, location: TemplateLocation): readonly PodTemplate[] {
  if (apiGroup(object.apiVersion) !== location.group) return noTemplates;
  let template: unknown = object;
  for (const segment of location.path) template = asRecord(template)?.[segment];
  const spec = asRecord(asRecord(template)?.spec);
  if (spec === undefined) return noTemplates;
  const metadata = asRecord(asRecord(template)?.metadata);
  const pointer = location.pointer;
  const restartPolicy = spec.restartPolicy;
  const runsToCompletion =
    location.runsToCompletion || (object.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure'));
  return [
    {
      pointer,
      specPointer: `${pointer}/spec`,
      spec: spec as unknown as PodSpec,
      labels: stringMap(metadata?.labels),
      annotations: stringMap(metadata?.annotations),
      runsToCompletion,
    },
  ];
}

/** Every container of a pod: containers, init containers (native sidecars marked), ephemeral containers. */
export function containersOf(pod: PodTemplate): readonly ContainerRef[] {
  let containers = containerCache.get(pod.spec);
  if (containers === undefined) {
    containers = [
      ...listed(pod, 'containers', () => 'container'),
      ...listed(pod, 'initContainers', (container) => (container.restartPolicy === 'Always' ? 'sidecar' : 'init')),
      ...listed(pod, 'ephemeralContainers', () => 'ephemeral'),
    ];
    containerCache.set(pod.spec, containers);
  }
  return containers;
}

/** Containers that run for the pod's whole life: regular containers and native sidecars. */
export function longRunningContainers(pod: PodTemplate): ContainerRef[] {
  return containersOf(pod).filter((ref) => ref.role === 'container' || ref.role === 'sidecar');
}

function listed(
  pod: PodTemplate,
  field: 'containers' | 'initContainers' | 'ephemeralContainers',
  roleOf: (container: Container) => ContainerRole,
): ContainerRef[] {
  return objectItems<Container>(pod.spec[field]).map(([container, index]) => ({
    container,
    // Concatenated: these segments never need escaping, and this runs for every container.
    pointer: `${pod.specPointer}/${field}/${index}`,
    role: roleOf(container),
  }));
}
