import type { Probe } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../../core/pointer.ts';
import { deepestExisting } from '../locate.ts';
import { gpuRequests, gpuResourceDefaults, gpuResourceSchema, type GpuResourceOptions } from '../gpu.ts';
import { containersOf, podTemplates, type ContainerRef, type PodTemplate, podTemplateKinds } from '../pods.ts';
import { asRecord } from '../values.ts';
import type { Rule } from '../types.ts';

interface Options extends GpuResourceOptions {
  minSeconds: number;
}

/** Kubernetes defaults when the probe leaves the fields out. */
const probeDefaults = { initialDelaySeconds: 0, failureThreshold: 3, periodSeconds: 10 };
const defaultProgressDeadlineSeconds = 600;

type MessageId = 'missingStartupProbe' | 'budgetTooShort' | 'progressDeadlineTooShort';

export const startupBudget: Rule<Options, MessageId> = {
  meta: {
    id: 'startup-budget',
    kinds: podTemplateKinds,
    description:
      'LLM serving containers have a startup probe budget of at least `minSeconds`, and a Deployment progress deadline no shorter than that budget.',
    docs: {
      why: 'Loading model weights takes minutes. Without a startup probe long enough (`initialDelaySeconds + failureThreshold × periodSeconds`, Kubernetes defaults 0, 3 and 10), liveness kills the server before it ever serves, forever. Argo CD marks a Deployment past its `progressDeadlineSeconds` (default 600) Degraded, so the deadline must cover the startup budget. The serving containers are the LLM pod\'s containers holding a GPU, or its first container when none does.',
    },
    messages: {
      missingStartupProbe: 'LLM container "{{container}}" has no startup probe; loading weights outlasts liveness.',
      budgetTooShort:
        'Startup probe of "{{container}}" allows {{budget}} s (initialDelaySeconds + failureThreshold × periodSeconds), under the minimum of {{minSeconds}} s.',
      progressDeadlineTooShort:
        'progressDeadlineSeconds {{deadline}} is shorter than the startup budget of {{budget}} s; Argo CD would mark the rollout Degraded.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minSeconds: { type: 'integer', minimum: 0, description: 'Minimum startup probe budget in seconds.' },
        ...gpuResourceSchema,
      },
    },
    defaultOptions: { minSeconds: 600, ...gpuResourceDefaults },
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      if (!context.workloads.isLlm(pod.labels)) continue;
      let longestBudget = 0;
      for (const ref of servingContainers(pod, context.options)) {
        const probe = asRecord(ref.container.startupProbe) as Probe | undefined;
        const data = { container: ref.container.name, minSeconds: context.options.minSeconds };
        if (probe === undefined) {
          context.report({ at: ref.pointer, messageId: 'missingStartupProbe', data });
          continue;
        }
        const budget = startupBudgetSeconds(probe);
        longestBudget = Math.max(longestBudget, budget);
        if (budget < context.options.minSeconds) {
          context.report({ at: joinPointer(ref.pointer, 'startupProbe'), messageId: 'budgetTooShort', data: { ...data, budget } });
        }
      }
      if (context.object.kind !== 'Deployment') continue;
      const configured = asRecord(context.object.spec)?.progressDeadlineSeconds;
      const deadline = typeof configured === 'number' ? configured : defaultProgressDeadlineSeconds;
      if (deadline < longestBudget) {
        context.report({
          at: deepestExisting(context.object, '/spec', 'progressDeadlineSeconds'),
          messageId: 'progressDeadlineTooShort',
          data: { deadline, budget: longestBudget },
        });
      }
    }
  },
};

export function startupBudgetSeconds(probe: Probe): number {
  const field = (name: keyof typeof probeDefaults) => (typeof probe[name] === 'number' ? probe[name] : probeDefaults[name]);
  return field('initialDelaySeconds') + field('failureThreshold') * field('periodSeconds');
}

/** The containers that load the model: those holding a GPU, else the first container. */
function servingContainers(pod: PodTemplate, gpuResources: GpuResourceOptions): ContainerRef[] {
  const regular = containersOf(pod).filter((ref) => ref.role === 'container');
  const withGpu = new Set(gpuRequests(pod, gpuResources).map((gpu) => gpu.ref));
  const serving = regular.filter((ref) => withGpu.has(ref));
  return serving.length > 0 ? serving : regular.slice(0, 1);
}
