import type { Rule } from '../types.ts';

type MessageId = 'shared';

export const argocdSharedResource: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'argocd-shared-resource',
    kinds: [{ kind: '*' }],
    crossObject: true,
    description: 'No object is deployed by two Applications of one cluster.',
    docs: {
      why: 'Argo CD tracks each object by the Application named in its tracking annotation. When two Applications render the same object (same group, kind, namespace and name), each sync rewrites the annotation: one Application shows a SharedResourceWarning, and with self-heal the two undo each other forever; pruning by either deletes what the other still wants. The rule reads the model of each cluster and reports the object once, naming every Application that deploys it.',
    },
    messages: {
      shared: '{{kind}} {{name}} is deployed by Applications {{applications}}: they fight over it (SharedResourceWarning), and either one pruning it deletes it for both.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const view = context.index.argocd;
    if (view === undefined) return;
    const mine = view.deploymentsOf(context.object);
    const [first] = mine;
    if (first === undefined) return;
    const applications = [...new Set(view.deploymentsOfKey(first.key).map((deployment) => deployment.application.name))].sort();
    if (applications.length < 2) return;
    // Once per key: on the object the alphabetically first of its Applications deploys.
    const owner = view.deploymentsOfKey(first.key).find((deployment) => deployment.application.name === applications[0]);
    if (owner?.object !== context.object) return;
    context.report({ at: '/metadata/name', messageId: 'shared', data: { kind: context.object.kind, name: context.object.metadata.name ?? '', applications: applications.join(', ') } });
  },
};
