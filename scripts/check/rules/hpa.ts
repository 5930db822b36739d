import { deepestExisting } from '../locate.ts';
import { asRecord } from '../values.ts';
import { autoscalersOf, namespaceOf, objectsOfKind } from '../scope.ts';
import type { Rule } from '../types.ts';

interface Options {
  minReplicas: number;
}

const scalableKinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

export const hpa: Rule<Options> = {
  meta: {
    id: 'hpa',
    crossObject: true,
    description:
      'An autoscaler targets a workload that exists, that workload leaves `replicas` to it, and `minReplicas` meets the configured floor.',
    docs: {
      why: 'An autoscaler whose `scaleTargetRef` names nothing in the same namespace (a renamed Deployment, a wrong kind) silently does nothing. A workload that sets `spec.replicas` while an autoscaler owns it makes Argo CD reset the replica count on every sync, fighting the autoscaler. `minReplicas` (default 1) below the `minReplicas` option (set to 2 outside dev in the configuration) leaves a single pod whose restart is an outage.',
      example: {
        valid: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - { name: web, image: web:1.4.2 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 6`,
        invalid: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  template:
    spec:
      containers:
        - { name: web, image: web:1.4.2 }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 6`,
      },
    },
    messages: {
      targetNotFound: 'Autoscaler target {{kind}} "{{name}}" does not exist in namespace {{namespace}}.',
      replicasWithAutoscaler:
        '{{kind}} sets replicas while HorizontalPodAutoscaler "{{autoscaler}}" owns them; Argo CD would undo every scaling decision.',
      minReplicasTooLow: 'minReplicas is {{minReplicas}}, below the required {{required}}.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minReplicas: { type: 'integer', minimum: 1, description: 'The lowest acceptable `minReplicas`.' } },
    },
    defaultOptions: { minReplicas: 1 },
  },
  check(context) {
    const { object, manifest } = context;
    const spec = asRecord(object.spec) ?? {};
    if (scalableKinds.has(object.kind) && spec.replicas !== undefined) {
      const autoscaler = autoscalersOf(context.objects, manifest)[0];
      if (autoscaler !== undefined) {
        context.report({
          at: '/spec/replicas',
          messageId: 'replicasWithAutoscaler',
          data: { kind: object.kind, autoscaler: autoscaler.manifest.ref.name },
        });
      }
      return;
    }
    if (object.kind !== 'HorizontalPodAutoscaler' || !object.apiVersion.startsWith('autoscaling/')) return;
    const target = asRecord(spec.scaleTargetRef);
    if (typeof target?.kind === 'string' && typeof target.name === 'string') {
      const namespace = namespaceOf(manifest);
      if (objectsOfKind(context.objects, target.kind).get(namespace, target.name).length === 0) {
        context.report({
          at: '/spec/scaleTargetRef/name',
          messageId: 'targetNotFound',
          data: { kind: target.kind, name: target.name, namespace: namespace ?? '(none)' },
        });
      }
    }
    const minReplicas = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    if (minReplicas < context.options.minReplicas) {
      context.report({
        at: deepestExisting(object, '/spec', 'minReplicas'),
        messageId: 'minReplicasTooLow',
        data: { minReplicas, required: context.options.minReplicas },
      });
    }
  },
};
