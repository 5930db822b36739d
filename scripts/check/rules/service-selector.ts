import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../../core/pointer.ts';
import { containersOf, type ContainerRef } from '../pods.ts';
import { asRecord, objectItems, stringMap } from '../values.ts';
import { namespaceOf, type ScopedPod } from '../scope.ts';
import type { Labels, Rule } from '../types.ts';

type MessageId = 'selectsNothing' | 'targetPortNotExposed';

export const serviceSelector: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'service-selector',
    kinds: [{ apiVersion: 'v1', kind: 'Service' }],
    crossObject: true,
    description: 'A Service\'s selector matches a pod template in its namespace, and a selected container exposes each targetPort.',
    docs: {
      why: 'A selector that matches nothing (a typo in a label, a label changed in one place only) gives a Service without endpoints: every client gets connection refused while every object looks healthy. A `targetPort` no selected container exposes (a named port that does not exist, a number that changed) does the same for that port. `targetPort` defaults to `port`. Services without a selector (ExternalName, manually managed endpoints) are skipped, and nothing is reported in a scope without any pod template (a file holding only Services cannot tell).',
    },
    messages: {
      selectsNothing: 'Service selector {{selector}} matches no pod template in namespace {{namespace}}; the Service has no endpoints.',
      targetPortNotExposed: 'targetPort {{port}} is not exposed by any container the Service selects ({{workloads}}).',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object, manifest } = context;
    const spec = asRecord(object.spec) ?? {};
    const selector = stringMap(spec.selector);
    if (selector === undefined || Object.keys(selector).length === 0 || spec.type === 'ExternalName') return;
    const pods = context.index.pods;
    if (pods.pods.length === 0) return;
    const namespace = namespaceOf(manifest);
    const selected = pods.selectedBy(namespace, selector);
    if (selected.length === 0) {
      context.report({
        at: '/spec/selector',
        messageId: 'selectsNothing',
        data: { selector: formatSelector(selector), namespace: namespace ?? '(none)' },
      });
      return;
    }
    for (const [port, index] of objectItems<ServicePort>(spec.ports)) {
      const target = port.targetPort ?? port.port;
      if (selected.some((pod) => containersOf(pod.template).some((ref) => ref.role !== 'ephemeral' && exposes(ref, target)))) {
        continue;
      }
      context.report({
        at: joinPointer('/spec/ports', index, port.targetPort === undefined ? 'port' : 'targetPort'),
        messageId: 'targetPortNotExposed',
        data: { port: target, workloads: workloadNames(selected) },
      });
    }
  },
};

function exposes(ref: ContainerRef, target: string | number): boolean {
  return objectItems<ContainerPort>(ref.container.ports).some(([port]) =>
    typeof target === 'number' ? port.containerPort === target : port.name === target,
  );
}

export function formatSelector(selector: Labels): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function workloadNames(pods: readonly ScopedPod[]): string {
  return [...new Set(pods.map((pod) => `${pod.manifest.ref.kind}/${pod.manifest.ref.name}`))].join(', ');
}
