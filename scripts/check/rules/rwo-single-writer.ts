import type { Volume } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../../core/pointer.ts';
import { valueText } from '../../core/describe-value.ts';
import { deepestExisting } from '../locate.ts';
import { podTemplates } from '../pods.ts';
import { asRecord, objectItems, stringItems } from '../values.ts';
import { namespaceOf } from '../scope.ts';
import type { Rule } from '../types.ts';

const singleWriterModes = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

type MessageId = 'multipleReplicas' | 'autoscaled' | 'surgingRollout';

export const rwoSingleWriter: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'rwo-single-writer',
    kinds: [{ group: 'apps', kind: 'Deployment' }],
    crossObject: true,
    description:
      'A Deployment mounting a ReadWriteOnce claim runs one pod at a time: one replica, no autoscaling beyond one, no rollout surge.',
    docs: {
      why: 'A ReadWriteOnce volume attaches to one node (ReadWriteOncePod: one pod). A second replica, an autoscaler growing the Deployment, or a RollingUpdate that starts the new pod before the old one stops (`maxSurge` defaults to 25%, rounded up to one pod) leaves a pod stuck in ContainerCreating on a Multi-Attach error, and the rollout never finishes. Use `strategy: Recreate` (or `maxSurge: 0`), or a StatefulSet with per-replica volumes. Only claims defined in the same scope are known; claims with ReadWriteMany are fine.',
    },
    messages: {
      multipleReplicas: 'Deployment runs {{replicas}} replicas but mounts ReadWriteOnce claim {{claims}}; only one pod can attach it.',
      autoscaled:
        'HorizontalPodAutoscaler {{autoscaler}} may scale this Deployment to {{maxReplicas}} pods, but it mounts ReadWriteOnce claim {{claims}}.',
      surgingRollout:
        'RollingUpdate with maxSurge {{maxSurge}} starts a second pod beside the first, but ReadWriteOnce claim {{claims}} attaches to one; use strategy Recreate or maxSurge 0.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object, manifest } = context;
    const pod = podTemplates(object)[0];
    if (pod === undefined) return;
    const claims = context.index.byKind('PersistentVolumeClaim');
    const rwoVolumes: { claim: string; pointer: string }[] = [];
    for (const [volume, index] of objectItems<Volume>(pod.spec.volumes)) {
      const claimName = asRecord(volume.persistentVolumeClaim)?.claimName;
      if (typeof claimName !== 'string') continue;
      const found = claims.named(namespaceOf(manifest), claimName);
      if (!found.some((claim) => isSingleWriter(asRecord(claim.object.spec)?.accessModes))) continue;
      rwoVolumes.push({
        claim: claimName,
        pointer: joinPointer(pod.specPointer, 'volumes', index, 'persistentVolumeClaim', 'claimName'),
      });
    }
    const first = rwoVolumes[0];
    if (first === undefined) return;
    const data = { claims: rwoVolumes.map((volume) => volume.claim).join(', ') };
    const spec = asRecord(object.spec) ?? {};

    if (typeof spec.replicas === 'number' && spec.replicas > 1) {
      context.report({ at: '/spec/replicas', messageId: 'multipleReplicas', data: { ...data, replicas: spec.replicas } });
    }
    for (const autoscaler of context.index.autoscalersOf(manifest)) {
      if (autoscaler.maxReplicas === undefined || autoscaler.maxReplicas <= 1) continue;
      context.report({
        at: first.pointer,
        messageId: 'autoscaled',
        data: { ...data, autoscaler: autoscaler.manifest.ref.name, maxReplicas: autoscaler.maxReplicas },
      });
    }
    const strategy = asRecord(spec.strategy) ?? {};
    if (strategy.type === undefined || strategy.type === 'RollingUpdate') {
      const maxSurge = asRecord(strategy.rollingUpdate)?.maxSurge ?? '25%';
      if (maxSurge !== 0 && maxSurge !== '0%' && maxSurge !== '0') {
        context.report({
          at: deepestExisting(object, '/spec', 'strategy', 'rollingUpdate', 'maxSurge'),
          messageId: 'surgingRollout',
          data: { ...data, maxSurge: valueText(maxSurge) },
        });
      }
    }
  },
};

function isSingleWriter(accessModes: unknown): boolean {
  const modes = stringItems(accessModes).map(([mode]) => mode);
  return modes.some((mode) => singleWriterModes.has(mode)) && !modes.includes('ReadWriteMany');
}
