/** Pod templates and containers of workload objects, each with its JSON pointer. */
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../core/manifest.ts';
import type { Labels } from './types.ts';

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
  runsToCompletion: boolean;
}

const templateLocations: Readonly<Record<string, TemplateLocation>> = {
  Pod: { group: '', path: [], runsToCompletion: false },
  Deployment: { group: 'apps', path: ['spec', 'template'], runsToCompletion: false },
  StatefulSet: { group: 'apps', path: ['spec', 'template'], runsToCompletion: false },
  DaemonSet: { group: 'apps', path: ['spec', 'template'], runsToCompletion: false },
  ReplicaSet: { group: 'apps', path: ['spec', 'template'], runsToCompletion: false },
  Job: { group: 'batch', path: ['spec', 'template'], runsToCompletion: true },
  CronJob: { group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'template'], runsToCompletion: true },
};

const templateCache = new WeakMap<KubeObject, readonly PodTemplate[]>();
const containerCache = new WeakMap<PodSpec, readonly ContainerRef[]>();

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The pod templates of a workload object (none for other kinds). */
export function podTemplates(object: KubeObject): readonly PodTemplate[] {
  let templates = templateCache.get(object);
  if (templates === undefined) {
    templates = findPodTemplates(object);
    templateCache.set(object, templates);
  }
  return templates;
}

function findPodTemplates(object: KubeObject): readonly PodTemplate[] {
  const location = templateLocations[object.kind];
  if (location === undefined || apiGroup(object.apiVersion) !== location.group) return [];
  let template: unknown = object;
  for (const segment of location.path) template = asRecord(template)?.[segment];
  const spec = asRecord(asRecord(template)?.spec);
  if (spec === undefined) return [];
  const metadata = asRecord(asRecord(template)?.metadata);
  // Built by concatenation: these segments never need escaping, and this runs for every object.
  const pointer = location.path.map((segment) => `/${segment}`).join('');
  const restartPolicy = spec.restartPolicy;
  const runsToCompletion =
    location.runsToCompletion || (object.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure'));
  return [
    {
      pointer,
      specPointer: `${pointer}/spec`,
      spec: spec as unknown as PodSpec,
      labels: asRecord(metadata?.labels) as Labels | undefined,
      annotations: asRecord(metadata?.annotations) as Labels | undefined,
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
  const list: unknown = pod.spec[field];
  if (!Array.isArray(list)) return [];
  return list.flatMap((container: unknown, index) =>
    asRecord(container) === undefined
      ? []
      : [
          {
            container: container as Container,
            pointer: `${pod.specPointer}/${field}/${index}`,
            role: roleOf(container as Container),
          },
        ],
  );
}

/** The value as a plain object, or undefined for anything else (including arrays). */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
