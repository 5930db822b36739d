import { gpuRequests, gpuResourceDefaults, gpuResourceSchema, type GpuResourceOptions } from '../gpu.ts';
import { podTemplates, podTemplateKinds } from '../pods.ts';
import type { Rule } from '../types.ts';

type MessageId = 'gpuOnNonLlmPod';

export const gpuOnlyOnLlm: Rule<GpuResourceOptions, MessageId> = {
  meta: {
    id: 'gpu-only-on-llm',
    kinds: podTemplateKinds,
    description: 'Only LLM pods request or limit GPU resources.',
    docs: {
      why: 'GPUs are the most expensive hardware in the cluster and cannot be shared or overcommitted; a web app or database holding one starves inference and costs money for nothing. LLM pods are recognised by their pod-template labels (`workloads.llm.podLabels`).',
    },
    messages: {
      gpuOnNonLlmPod:
        'Container "{{container}}" asks for {{resource}} but its pod is not an LLM pod; only inference pods may hold GPUs.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: gpuResourceSchema },
    defaultOptions: gpuResourceDefaults,
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      if (context.workloads.isLlm(pod.labels)) continue;
      for (const gpu of gpuRequests(pod, context.options)) {
        context.report({
          at: gpu.pointer,
          messageId: 'gpuOnNonLlmPod',
          data: { container: gpu.ref.container.name, resource: gpu.resource },
        });
      }
    }
  },
};
