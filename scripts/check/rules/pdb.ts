import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { valueText } from '../../core/describe-value.ts';
import { asRecord } from '../values.ts';
import { namespaceOf, type ScopedPod, type ScopeIndex } from '../scope.ts';
import type { Rule } from '../types.ts';

const replicatedKinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

type MessageId = 'selectsNothing' | 'maxUnavailableZero' | 'minAvailableAllPods';

export const pdb: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'pdb',
    kinds: [{ group: 'policy', kind: 'PodDisruptionBudget' }],
    crossObject: true,
    description: 'A PodDisruptionBudget selects pods in its namespace and leaves at least one of them evictable.',
    docs: {
      why: 'A budget that selects nothing protects nothing. One that allows no eviction (`maxUnavailable: 0`, `minAvailable` of 100% or of at least the workload\'s replicas) blocks every node drain forever: cluster upgrades stall and the node pool cannot shrink. Replicas come from the autoscaler\'s `minReplicas` when one scales the workload, else `spec.replicas` (default 1); budgets over DaemonSet or Job pods are only checked for the unconditional cases. Nothing is reported about selection in a scope without any pod template.',
    },
    messages: {
      selectsNothing: 'PodDisruptionBudget selects no pod template in namespace {{namespace}}.',
      maxUnavailableZero: 'maxUnavailable {{value}} allows no eviction; node drains would block forever.',
      minAvailableAllPods:
        'minAvailable {{value}} keeps all {{replicas}} selected pods; no eviction is ever allowed and node drains would block forever.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object, manifest } = context;
    const spec = asRecord(object.spec) ?? {};
    const maxUnavailable = spec.maxUnavailable;
    if (maxUnavailable === 0 || maxUnavailable === '0%') {
      context.report({ at: '/spec/maxUnavailable', messageId: 'maxUnavailableZero', data: { value: String(maxUnavailable) } });
    }
    const pods = context.index.pods;
    const selector = asRecord(spec.selector) as LabelSelector | undefined;
    const selected = selector === undefined ? [] : pods.selectedBySelector(namespaceOf(manifest), selector);
    if (selected.length === 0 && pods.pods.length > 0) {
      context.report({
        at: selector === undefined ? '/spec' : '/spec/selector',
        messageId: 'selectsNothing',
        data: { namespace: namespaceOf(manifest) ?? '(none)' },
      });
    }
    const minAvailable = spec.minAvailable;
    if (minAvailable === undefined) return;
    const replicas = expectedPods(context.index, selected);
    const required = requiredPods(minAvailable, replicas);
    const blocksAll =
      minAvailable === '100%' ||
      (replicas !== undefined && replicas > 0 && required !== undefined && required >= replicas);
    if (blocksAll) {
      context.report({
        at: '/spec/minAvailable',
        messageId: 'minAvailableAllPods',
        data: { value: valueText(minAvailable), replicas: replicas ?? 'the' },
      });
    }
  },
};

/** How many pods the selection has at its smallest, or undefined when that is not known statically. */
function expectedPods(index: ScopeIndex, selected: readonly ScopedPod[]): number | undefined {
  if (selected.length === 0) return undefined;
  let total = 0;
  for (const pod of selected) {
    const { object } = pod.manifest;
    if (object.kind === 'Pod') {
      total += 1;
      continue;
    }
    if (!replicatedKinds.has(object.kind)) return undefined;
    const autoscaler = index.autoscalersOf(pod.manifest)[0];
    const replicas = (object.spec as { replicas?: unknown } | undefined)?.replicas;
    total += autoscaler?.minReplicas ?? (typeof replicas === 'number' ? replicas : 1);
  }
  return total;
}

/** minAvailable as a pod count; percentages round up, as the disruption controller does. */
function requiredPods(minAvailable: unknown, replicas: number | undefined): number | undefined {
  if (typeof minAvailable === 'number') return minAvailable;
  const percent = typeof minAvailable === 'string' ? /^([0-9]+)%$/.exec(minAvailable) : null;
  if (percent === null || replicas === undefined) return undefined;
  return Math.ceil((Number(percent[1]) * replicas) / 100);
}
