import { joinPointer } from '../../core/pointer.ts';
import { valueText } from '../../core/describe-value.ts';
import { deepestExisting } from '../locate.ts';
import type { Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import { containersOf, podTemplates, podTemplateKinds } from '../pods.ts';
import { asRecord, objectItems } from '../values.ts';
import { parseQuantity } from '../../core/quantity.ts';
import type { Rule } from '../types.ts';

type MessageId = 'missingSizeLimit' | 'limitNotAboveSizeLimit';

export const shmSize: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'shm-size',
    kinds: podTemplateKinds,
    description: 'A memory-backed /dev/shm has a sizeLimit, and the memory limit of each container mounting it is larger.',
    docs: {
      why: 'Inference servers (PyTorch, NCCL) need a large /dev/shm, given as an `emptyDir` with `medium: Memory`. That tmpfs is charged to the container\'s memory: without a sizeLimit it can grow until the node runs out of memory, and with a memory limit not above the sizeLimit, filling /dev/shm gets the container OOM-killed.',
    },
    messages: {
      missingSizeLimit: 'Memory-backed volume "{{volume}}" mounted at /dev/shm has no sizeLimit.',
      limitNotAboveSizeLimit:
        'Container "{{container}}" has memory limit {{limit}}, not above the /dev/shm sizeLimit {{sizeLimit}}; filling /dev/shm would OOM-kill it.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      const containers = containersOf(pod);
      for (const [volume, index] of objectItems<Volume>(pod.spec.volumes)) {
        if (asRecord(volume.emptyDir)?.medium !== 'Memory') continue;
        const mounting = containers.filter((ref) =>
          objectItems<VolumeMount>(ref.container.volumeMounts).some(
            ([mount]) => mount.name === volume.name && String(mount.mountPath).replace(/\/+$/, '') === '/dev/shm',
          ),
        );
        if (mounting.length === 0) continue;
        const volumePointer = joinPointer(pod.specPointer, 'volumes', index);
        const sizeLimit = asRecord(volume.emptyDir)?.sizeLimit;
        if (sizeLimit === undefined) {
          context.report({ at: joinPointer(volumePointer, 'emptyDir'), messageId: 'missingSizeLimit', data: { volume: volume.name } });
          continue;
        }
        const size = parseQuantity(sizeLimit);
        if (size === undefined) continue;
        for (const ref of mounting) {
          const limit = asRecord(asRecord(ref.container.resources)?.limits)?.memory;
          const limitBytes = parseQuantity(limit);
          if (limitBytes === undefined || limitBytes > size) continue;
          context.report({
            at: deepestExisting(context.object, ref.pointer, 'resources', 'limits', 'memory'),
            messageId: 'limitNotAboveSizeLimit',
            data: { container: ref.container.name, limit: String(limit), sizeLimit: valueText(sizeLimit) },
          });
        }
      }
    }
  },
};
