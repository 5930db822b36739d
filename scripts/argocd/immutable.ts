import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../core/manifest.ts';
import { joinPointer } from '../core/pointer.ts';
import { record } from './values.ts';

/** A change the API server refuses on update, at the head object's pointer. */
export interface ImmutableChange {
  pointer: string;
  /** What the API server says, in our words. */
  reason: string;
}

export interface ImmutableContext {
  /** `allowVolumeExpansion` of a StorageClass, by name (from the cluster profile); undefined: unknown class. */
  allowsExpansion: (storageClass: string | undefined) => boolean | undefined;
}

/**
 * The StatefulSet spec fields an update may change (k8s.io/kubernetes pkg/apis/apps/validation
 * ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas',
 * 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',
 * 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden").
 */
const statefulSetMutable = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

/**
 * Defaults the API server gives the StatefulSet fields compared here: a manifest that starts
 * writing a default out does not change the live object (so it is no change).
 */
function statefulSetSpecWithDefaults(spec: Record<string, unknown>): Record<string, unknown> {
  const templates = Array.isArray(spec['volumeClaimTemplates']) ? spec['volumeClaimTemplates'] : [];
  return {
    podManagementPolicy: 'OrderedReady',
    ...spec,
    volumeClaimTemplates: templates.map((template) => {
      const claim = record(template);
      return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...claim, spec: { volumeMode: 'Filesystem', ...record(claim['spec']) } };
    }),
  };
}

/** The first pointer under `base` where the two values differ (the field a person changed). */
export function firstDifference(base: string, before: unknown, after: unknown): string {
  if (isDeepStrictEqual(before, after)) return base;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) return base;
    const index = before.findIndex((item, position) => !isDeepStrictEqual(item, after[position]));
    return index < 0 ? base : firstDifference(joinPointer(base, String(index)), before[index], after[index]);
  }
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null && !Array.isArray(before) && !Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    const key = keys.find((name) => !isDeepStrictEqual((before as Record<string, unknown>)[name], (after as Record<string, unknown>)[name]));
    if (key === undefined) return base;
    return key in after ? firstDifference(joinPointer(base, key), (before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key]) : base;
  }
  return base;
}

/** Storage as a number of bytes, for a quantity that is a plain number with a binary or decimal suffix. */
function bytes(quantity: unknown): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(typeof quantity === 'string' || typeof quantity === 'number' ? String(quantity) : '');
  if (match === null) return undefined;
  const factors: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return Number(match[1]) * (match[2] === undefined ? 1 : factors[match[2]]!);
}

const workloadsWithImmutableSelector = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet', 'apps/StatefulSet', 'batch/Job']);

/**
 * The changes from `base` to `head` (one object, same group, kind, namespace and name) that the
 * API server refuses on update, as it validates them: each is a failed sync in Argo CD.
 */
export function immutableChanges(base: KubeObject, head: KubeObject, context: ImmutableContext): ImmutableChange[] {
  const group = head.apiVersion.includes('/') ? head.apiVersion.split('/')[0]! : '';
  const kind = `${group}/${head.kind}`;
  const baseSpec = record(base['spec']);
  const headSpec = record(head['spec']);
  const changes: ImmutableChange[] = [];

  if (workloadsWithImmutableSelector.has(kind) && !isDeepStrictEqual(baseSpec['selector'], headSpec['selector']) && headSpec['selector'] !== undefined) {
    changes.push({ pointer: firstDifference('/spec/selector', baseSpec['selector'], headSpec['selector']), reason: `${head.kind} spec.selector is immutable` });
  }
  if (kind === 'apps/StatefulSet') {
    const before = statefulSetSpecWithDefaults(baseSpec);
    const after = statefulSetSpecWithDefaults(headSpec);
    for (const field of [...new Set([...Object.keys(after), ...Object.keys(before)])]) {
      if (statefulSetMutable.has(field) || field === 'selector' || isDeepStrictEqual(before[field], after[field])) continue;
      const pointer = field in headSpec ? firstDifference(joinPointer('/spec', field), before[field], after[field]) : '/spec';
      changes.push({ pointer, reason: `StatefulSet spec.${field} cannot change: the API server allows updates only to ${[...statefulSetMutable].join(', ')}` });
    }
  }
  if (kind === 'batch/Job' && !isDeepStrictEqual(baseSpec['template'], headSpec['template'])) {
    changes.push({ pointer: firstDifference('/spec/template', baseSpec['template'], headSpec['template']), reason: 'Job spec.template is immutable' });
  }
  if (kind === '/Service') {
    for (const field of ['clusterIP', 'clusterIPs']) {
      const before = baseSpec[field];
      const after = headSpec[field];
      // Unset in the manifest keeps the allocated address; a set value must equal it.
      if (after !== undefined && before !== undefined && !isDeepStrictEqual(before, after)) {
        changes.push({ pointer: joinPointer('/spec', field), reason: `Service spec.${field} is immutable${before === 'None' || after === 'None' ? ' (headless and not headless are different Services)' : ''}` });
      } else if (after !== undefined && before === undefined && (after === 'None' || (Array.isArray(after) && after.includes('None')))) {
        changes.push({ pointer: joinPointer('/spec', field), reason: `Service spec.${field}: an allocated address cannot become None (headless)` });
      } else if (after === undefined && before === 'None') {
        changes.push({ pointer: '/spec', reason: 'Service spec.clusterIP None (headless) cannot become an allocated address' });
      }
    }
  }
  if (kind === '/PersistentVolumeClaim') {
    const { resources: beforeResources, ...beforeRest } = baseSpec;
    const { resources: afterResources, ...afterRest } = headSpec;
    const mutable = ['volumeAttributesClassName'];
    for (const field of [...new Set([...Object.keys(afterRest), ...Object.keys(beforeRest)])]) {
      if (mutable.includes(field) || isDeepStrictEqual(beforeRest[field], afterRest[field])) continue;
      changes.push({ pointer: field in headSpec ? joinPointer('/spec', field) : '/spec', reason: `PersistentVolumeClaim spec.${field} is immutable after creation` });
    }
    const before = bytes(record(record(beforeResources)['requests'])['storage']);
    const after = bytes(record(record(afterResources)['requests'])['storage']);
    if (before !== undefined && after !== undefined && after < before) {
      changes.push({ pointer: '/spec/resources/requests/storage', reason: 'a PersistentVolumeClaim cannot shrink' });
    } else if (before !== undefined && after !== undefined && after > before) {
      const storageClass = typeof headSpec['storageClassName'] === 'string' ? headSpec['storageClassName'] : undefined;
      if (context.allowsExpansion(storageClass) === false) {
        changes.push({ pointer: '/spec/resources/requests/storage', reason: `StorageClass ${storageClass ?? '(default)'} does not allow volume expansion` });
      }
    }
  }
  if ((kind === '/ConfigMap' || kind === '/Secret') && base['immutable'] === true) {
    for (const field of ['data', 'binaryData', 'stringData', 'immutable']) {
      if (!isDeepStrictEqual(base[field], head[field])) changes.push({ pointer: field in head ? `/${field}` : '', reason: `${head.kind} is immutable (immutable: true): its ${field} cannot change` });
    }
  }
  if ((kind === 'rbac.authorization.k8s.io/RoleBinding' || kind === 'rbac.authorization.k8s.io/ClusterRoleBinding') && !isDeepStrictEqual(base['roleRef'], head['roleRef'])) {
    changes.push({ pointer: firstDifference('/roleRef', base['roleRef'], head['roleRef']), reason: `${head.kind} roleRef cannot change` });
  }
  return changes;
}
