import { deepestExisting } from '../locate.ts';
import { asRecord } from '../values.ts';
import { namespaceOf } from '../scope.ts';
import type { Rule } from '../types.ts';

interface Options {
  minReplicas: number;
}


type MessageId = 'targetNotFound' | 'replicasWithAutoscaler' | 'minReplicasTooLow';

export const hpa: Rule<Options, MessageId> = {
  meta: {
    id: 'hpa',
    kinds: [
      // Any group, as `scaleTargetRef` is matched by kind and name.
      { kind: 'Deployment' },
      { kind: 'StatefulSet' },
      { kind: 'ReplicaSet' },
      { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
    ],
    crossObject: true,
    description:
      'An autoscaler targets a workload that exists, that workload leaves `replicas` to it, and `minReplicas` meets the configured floor.',
    docs: {
      why: 'An autoscaler whose `scaleTargetRef` names nothing in the same namespace (a renamed Deployment, a wrong kind) silently does nothing. A workload that sets `spec.replicas` while an autoscaler owns it makes Argo CD reset the replica count on every sync, fighting the autoscaler. `minReplicas` (default 1) below the `minReplicas` option (set to 2 outside dev in the configuration) leaves a single pod whose restart is an outage.',
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
    if (object.kind !== 'HorizontalPodAutoscaler') {
      const autoscaler = spec.replicas === undefined ? undefined : context.index.autoscalersOf(manifest)[0];
      if (autoscaler !== undefined) {
        context.report({
          at: '/spec/replicas',
          messageId: 'replicasWithAutoscaler',
          data: { kind: object.kind, autoscaler: autoscaler.manifest.ref.name },
        });
      }
      return;
    }
    const target = asRecord(spec.scaleTargetRef);
    if (typeof target?.kind === 'string' && typeof target.name === 'string') {
      const namespace = namespaceOf(manifest);
      if (context.index.byKind(target.kind).named(namespace, target.name).length === 0) {
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
