import { gpuRequests, gpuResourceDefaults, gpuResourceSchema, type GpuResourceOptions } from '../gpu.ts';
import { podTemplates } from '../pods.ts';
import type { Rule } from '../types.ts';

export const gpuOnlyOnLlm: Rule<GpuResourceOptions> = {
  meta: {
    id: 'gpu-only-on-llm',
    description: 'Only LLM pods request or limit GPU resources.',
    docs: {
      why: 'GPUs are the most expensive hardware in the cluster and cannot be shared or overcommitted; a web app or database holding one starves inference and costs money for nothing. LLM pods are recognised by their pod-template labels (`workloads.llm.podLabels`).',
      example: {
        valid: `apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  template:
    metadata:
      labels: { app.kubernetes.io/component: llm }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.11.0
          resources:
            limits: { nvidia.com/gpu: 1 }`,
        invalid: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata:
      labels: { app.kubernetes.io/component: web }
    spec:
      containers:
        - name: web
          image: web:1.4.2
          resources:
            limits: { nvidia.com/gpu: 1 }`,
      },
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
