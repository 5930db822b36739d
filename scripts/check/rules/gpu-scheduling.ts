import type { NodeSelectorRequirement, NodeSelectorTerm, Toleration } from 'kubernetes-types/core/v1.js';
import { deepestExisting } from '../locate.ts';
import { gpuRequests, gpuResourceDefaults, gpuResourceSchema, type GpuResourceOptions } from '../gpu.ts';
import { podTemplates, podTemplateKinds } from '../pods.ts';
import { asRecord, objectItems } from '../values.ts';
import type { Rule } from '../types.ts';

interface Options extends GpuResourceOptions {
  taintKeys: string[];
  nodeLabels: string[];
}

type MessageId = 'missingToleration' | 'missingNodeAffinity';

export const gpuScheduling: Rule<Options, MessageId> = {
  meta: {
    id: 'gpu-scheduling',
    kinds: podTemplateKinds,
    description: 'GPU pods tolerate the GPU node taint and require GPU nodes by node affinity or nodeSelector.',
    docs: {
      why: 'GPU nodes are tainted so that ordinary pods stay off them: without the toleration a GPU pod stays Pending. A toleration only permits GPU nodes, it does not choose them; required node affinity (or a nodeSelector) on a GPU node label such as `nvidia.com/gpu.present` does and lets an overlay pick the GPU model (`nvidia.com/gpu.product`). Preferred affinity does not count.',
    },
    messages: {
      missingToleration: 'GPU pod does not tolerate the GPU node taint ({{taints}}, NoSchedule); it will stay Pending.',
      missingNodeAffinity:
        'GPU pod does not require GPU nodes; add required node affinity or a nodeSelector on {{labels}}.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...gpuResourceSchema,
        taintKeys: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          minItems: 1,
          description: 'Keys of the NoSchedule taint on GPU nodes; tolerating any one of them is enough.',
        },
        nodeLabels: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          minItems: 1,
          description: 'Node labels that identify GPU nodes; node affinity or nodeSelector must use one.',
        },
      },
    },
    defaultOptions: {
      ...gpuResourceDefaults,
      taintKeys: ['nvidia.com/gpu'],
      nodeLabels: ['nvidia.com/gpu.present', 'nvidia.com/gpu.product'],
    },
  },
  check(context) {
    const { taintKeys, nodeLabels } = context.options;
    for (const pod of podTemplates(context.object)) {
      if (gpuRequests(pod, context.options).length === 0) continue;
      const spec = pod.spec;
      if (!objectItems<Toleration>(spec.tolerations).some(([toleration]) => toleratesGpuTaint(toleration, taintKeys))) {
        context.report({
          at: deepestExisting(context.object, pod.specPointer, 'tolerations'),
          messageId: 'missingToleration',
          data: { taints: taintKeys.join(' or ') },
        });
      }
      const required = asRecord(asRecord(asRecord(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
      const terms = objectItems<NodeSelectorTerm>(required?.nodeSelectorTerms);
      const bySelector = Object.keys(asRecord(spec.nodeSelector) ?? {}).some((key) => nodeLabels.includes(key));
      // Node selector terms are ORed: every term must pin GPU nodes, or a pod may land elsewhere.
      const byAffinity = terms.length > 0 && terms.every(([term]) => termRequiresGpuNode(term, nodeLabels));
      if (!bySelector && !byAffinity) {
        context.report({
          at: deepestExisting(context.object, pod.specPointer, 'affinity', 'nodeAffinity'),
          messageId: 'missingNodeAffinity',
          data: { labels: nodeLabels.join(' or ') },
        });
      }
    }
  },
};

function toleratesGpuTaint(toleration: Toleration, taintKeys: readonly string[]): boolean {
  const effectMatches = toleration.effect === undefined || toleration.effect === '' || toleration.effect === 'NoSchedule';
  if (!effectMatches) return false;
  // An empty key with Exists tolerates every taint.
  if (toleration.key === undefined || toleration.key === '') return toleration.operator === 'Exists';
  return taintKeys.includes(String(toleration.key));
}

function termRequiresGpuNode(term: NodeSelectorTerm, nodeLabels: readonly string[]): boolean {
  return objectItems<NodeSelectorRequirement>(term.matchExpressions).some(
    ([expression]) =>
      nodeLabels.includes(expression.key) && (expression.operator === 'In' || expression.operator === 'Exists'),
  );
}
