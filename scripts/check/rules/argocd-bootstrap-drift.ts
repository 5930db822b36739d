import { isDeepStrictEqual } from 'node:util';
import { firstDifference } from '../../argocd/index.ts';
import type { Rule } from '../types.ts';

type MessageId = 'bootstrapChanged';

export const argocdBootstrapDrift: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'argocd-bootstrap-drift',
    kinds: [{ kind: '*' }],
    crossObject: true,
    description: 'A change under `clusters/<env>` (`--base`), which no Application reconciles, is flagged: it must be applied by hand.',
    docs: {
      why: "`clusters/<env>` holds what a platform engineer applies once to bootstrap a cluster: the root Application, its AppProject, the `default` project locked down, Argo CD's settings. No Application renders it, so Argo CD never applies a change there: merged, it sits in Git while the cluster runs the old version, until someone runs `kubectl apply --server-side -k clusters/<env>`. The rule needs `--base` and reports each object of `clusters/<env>` that is new or different from the base revision. Set it to `warning` to let such changes merge with a reminder (this repository does).",
    },
    messages: {
      bootstrapChanged: '{{kind}} {{name}} in clusters/{{environment}} is {{change}}: no Application applies it; after the merge run `kubectl apply --server-side -k clusters/{{environment}}`.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const view = context.index.argocd;
    const base = view?.base;
    if (view === undefined || base === undefined || !view.model.bootstrap.includes(context.object)) return;
    const { object } = context;
    const before = base.model.bootstrap.find(
      (candidate) =>
        candidate.apiVersion === object.apiVersion &&
        candidate.kind === object.kind &&
        candidate.metadata.name === object.metadata.name &&
        candidate.metadata.namespace === object.metadata.namespace,
    );
    if (before !== undefined && isDeepStrictEqual(before, object)) return;
    context.report({
      at: before === undefined ? '/metadata/name' : firstDifference('', before, object),
      messageId: 'bootstrapChanged',
      data: { kind: object.kind, name: object.metadata.name ?? '', environment: view.environment, change: before === undefined ? 'new' : 'changed' },
    });
  },
};
