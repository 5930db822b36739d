import { podTemplates } from '../pods.ts';
import type { Rule } from '../types.ts';


type MessageId = 'tooManyReplicas';

export const databaseReplicas: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'database-replicas',
    kinds: [{ group: 'apps', kind: 'StatefulSet' }, { group: 'apps', kind: 'Deployment' }, { group: 'apps', kind: 'ReplicaSet' }],
    description: 'A database workload runs one replica; pets scale vertically.',
    docs: {
      why: 'A second PostgreSQL pod is not a replica: without replication logic (an operator, streaming replication) it is a second, empty primary with its own volume, and clients reach either one at random. Make the one pod bigger per environment instead. Database pods are recognised by `workloads.database.podLabels`.',
    },
    messages: {
      tooManyReplicas: 'Database {{kind}} runs {{replicas}} replicas; without replication logic each is a separate primary.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object } = context;
    const pod = podTemplates(object)[0];
    if (pod === undefined || !context.workloads.isDatabase(pod.labels)) return;
    const replicas = (object.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas === 'number' && replicas > 1) {
      context.report({ at: '/spec/replicas', messageId: 'tooManyReplicas', data: { kind: object.kind, replicas } });
    }
  },
};
