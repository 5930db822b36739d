import { deepestExisting } from '../locate.ts';
import { gpuRequests, gpuResourceDefaults, gpuResourceSchema, type GpuResourceOptions } from '../gpu.ts';
import { podTemplates, podTemplateKinds } from '../pods.ts';
import { parseQuantity } from '../../core/quantity.ts';
import { joinPointer } from '../../core/pointer.ts';
import { valueText } from '../../core/describe-value.ts';
import type { Rule } from '../types.ts';

interface Options extends GpuResourceOptions {
  requireLlmGpuLimit: boolean;
}

type MessageId = 'requestWithoutLimit' | 'requestNotEqualLimit' | 'nonIntegerCount' | 'llmWithoutGpuLimit';

export const gpuLimits: Rule<Options, MessageId> = {
  meta: {
    id: 'gpu-limits',
    kinds: podTemplateKinds,
    description: 'GPUs are limited in whole units, requests equal limits, and LLM pods have a GPU limit where required.',
    docs: {
      why: 'GPUs are extended resources: they cannot be overcommitted or split, so the scheduler rejects requests without limits, requests different from limits, and fractions. An LLM pod without a GPU limit lands on a CPU node and crawls (or fails); `requireLlmGpuLimit` can be turned off per environment, e.g. for a CPU-only dev cluster.',
    },
    messages: {
      requestWithoutLimit: 'Container "{{container}}" requests {{resource}} without a limit; GPUs must be set in limits.',
      requestNotEqualLimit:
        'Container "{{container}}" requests {{request}} {{resource}} but limits {{limit}}; GPU requests must equal limits.',
      nonIntegerCount: 'Container "{{container}}" asks for {{value}} {{resource}}; GPUs are counted in whole units.',
      llmWithoutGpuLimit: 'LLM pod has no container with a GPU limit ({{resources}}).',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...gpuResourceSchema,
        requireLlmGpuLimit: { type: 'boolean', description: 'LLM pods must limit a GPU (turn off where they run on CPU).' },
      },
    },
    defaultOptions: { ...gpuResourceDefaults, requireLlmGpuLimit: true },
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      const gpus = gpuRequests(pod, context.options);
      for (const gpu of gpus) {
        const data = { container: gpu.ref.container.name, resource: gpu.resource };
        const requestPointer = joinPointer(gpu.ref.pointer, 'resources', 'requests', gpu.resource);
        const limit = parseQuantity(gpu.limit);
        const request = parseQuantity(gpu.request);
        if (gpu.limit === undefined) {
          context.report({ at: requestPointer, messageId: 'requestWithoutLimit', data });
        } else if (gpu.request !== undefined && limit !== undefined && request !== undefined && limit !== request) {
          context.report({
            at: requestPointer,
            messageId: 'requestNotEqualLimit',
            data: { ...data, request: valueText(gpu.request), limit: valueText(gpu.limit) },
          });
        }
        for (const [value, parsed, section] of [
          [gpu.limit, limit, 'limits'],
          [gpu.request, request, 'requests'],
        ] as const) {
          if (parsed !== undefined && !Number.isInteger(parsed)) {
            context.report({
              at: joinPointer(gpu.ref.pointer, 'resources', section, gpu.resource),
              messageId: 'nonIntegerCount',
              data: { ...data, value: String(value) },
            });
          }
        }
      }
      const hasGpuLimit = gpus.some((gpu) => gpu.limit !== undefined);
      if (context.options.requireLlmGpuLimit && context.workloads.isLlm(pod.labels) && !hasGpuLimit) {
        context.report({
          at: deepestExisting(context.object, pod.specPointer, 'containers', 0, 'resources', 'limits'),
          messageId: 'llmWithoutGpuLimit',
          data: { resources: context.options.resourceNames.join(', ') },
        });
      }
    }
  },
};
