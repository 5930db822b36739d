import { deepestExisting } from '../locate.ts';
import { containersOf, podTemplates, podTemplateKinds } from '../pods.ts';
import { asRecord } from '../values.ts';
import type { Rule } from '../types.ts';

const checks = [
  { section: 'requests', resource: 'cpu', messageId: 'missingCpuRequest' },
  { section: 'requests', resource: 'memory', messageId: 'missingMemoryRequest' },
  { section: 'limits', resource: 'memory', messageId: 'missingMemoryLimit' },
] as const;

type MessageId = 'missingCpuRequest' | 'missingMemoryRequest' | 'missingMemoryLimit';

export const containerResources: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'container-resources',
    kinds: podTemplateKinds,
    description: 'Every container, init containers and sidecars included, sets CPU and memory requests and a memory limit.',
    docs: {
      why: 'The scheduler places pods by their requests; without them a pod lands on a full node and is the first evicted. Without a memory limit one leaking container takes the node\'s memory from its neighbours. Init containers and native sidecars count towards the pod\'s requests too. Requests must be written out: a request that Kubernetes would copy from a limit is not accepted, so the intent is visible. Ephemeral (debug) containers cannot have resources and are skipped.',
    },
    messages: {
      missingCpuRequest: 'Container "{{container}}" has no CPU request.',
      missingMemoryRequest: 'Container "{{container}}" has no memory request.',
      missingMemoryLimit: 'Container "{{container}}" has no memory limit.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      for (const ref of containersOf(pod)) {
        if (ref.role === 'ephemeral') continue;
        const resources = asRecord(ref.container.resources);
        for (const { section, resource, messageId } of checks) {
          if (asRecord(resources?.[section])?.[resource] !== undefined) continue;
          context.report({
            at: deepestExisting(context.object, ref.pointer, 'resources', section),
            messageId,
            data: { container: ref.container.name },
          });
        }
      }
    }
  },
};
