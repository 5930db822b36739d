import { sameURL } from '../../argocd/index.ts';
import type { Rule, RuleContext } from '../types.ts';
import { asRecord } from '../values.ts';
import { isApplication } from './argocd-annotations.ts';

type MessageId = 'pathMissing' | 'doesNotRender' | 'otherRepository' | 'unknownRevision';
type Options = { repositories: string[] };
type Context = RuleContext<Options, MessageId>;

export const argocdSource: Rule<Options, MessageId> = {
  meta: {
    id: 'argocd-source',
    kinds: [{ kind: 'Application', group: 'argoproj.io' }],
    crossObject: true,
    description: "Every Application's source is this repository, at a revision that exists, on a path that exists and renders.",
    docs: {
      why: 'An Application whose source Argo CD cannot render never syncs: a `path` that does not exist or does not build, a `repoURL` with a typo (or pointing at a fork), a `targetRevision: mian`. Argo CD shows a ComparisonError and the change that was meant to ship sits in Git. The rule reads the model of each cluster: `path` is looked up and rendered as the repo-server would (the render stage, sandboxed); `repoURL` is compared, as Argo CD normalises it (case, `.git`, trailing slash), with the repositories this configuration names (`repositories`; empty: not checked); `targetRevision` must name a commit, branch or tag of the local Git repository (`HEAD` and an empty revision always do; not checked outside a Git work tree).',
    },
    messages: {
      pathMissing: 'Application {{application}}: source path {{path}} does not exist in the repository; Argo CD cannot render it.',
      doesNotRender: 'Application {{application}}: source path {{path}} does not render ({{reason}}); Argo CD cannot sync it.',
      otherRepository: 'Application {{application}}: repoURL {{repoURL}} is not this repository ({{repositories}}).',
      unknownRevision: 'Application {{application}}: targetRevision {{revision}} is no branch, tag or commit of this repository; Argo CD cannot resolve it.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { repositories: { type: 'array', items: { type: 'string', minLength: 1 }, description: "This repository's URLs, as Applications name it." } },
    },
    defaultOptions: { repositories: [] },
  },
  check(context) {
    const view = context.index.argocd;
    if (view === undefined || !isApplication(context.object)) return;
    const application = view.applicationOf(context.object);
    if (application === undefined) return;
    const spec = asRecord(context.object['spec']);
    const multiple = Array.isArray(spec?.['sources']);
    application.sources.forEach((source, index) => {
      const base = multiple ? `/spec/sources/${String(index)}` : '/spec/source';
      checkSource(context, application.name, source, base, view.revisionExists, application.sourceResults[index]);
    });
  },
};

function checkSource(
  context: Context,
  application: string,
  source: Record<string, unknown>,
  base: string,
  revisionExists: (revision: string) => boolean | undefined,
  result: { pathExists: boolean; failure?: string } | undefined,
): void {
  const repoURL = typeof source['repoURL'] === 'string' ? source['repoURL'] : '';
  const repositories = context.options.repositories;
  if (repositories.length > 0 && !repositories.some((repository) => sameURL(repository, repoURL))) {
    context.report({ at: `${base}/repoURL`, messageId: 'otherRepository', data: { application, repoURL, repositories: repositories.join(', ') } });
    return;
  }
  const revision = typeof source['targetRevision'] === 'string' ? source['targetRevision'].trim() : '';
  if (revision !== '' && revision !== 'HEAD' && revisionExists(revision) === false) {
    context.report({ at: `${base}/targetRevision`, messageId: 'unknownRevision', data: { application, revision } });
  }
  const sourcePath = typeof source['path'] === 'string' ? source['path'] : undefined;
  if (sourcePath === undefined) return;
  if (result?.pathExists === false) {
    context.report({ at: `${base}/path`, messageId: 'pathMissing', data: { application, path: sourcePath } });
  } else if (result?.failure !== undefined) {
    context.report({ at: `${base}/path`, messageId: 'doesNotRender', data: { application, path: sourcePath, reason: result.failure } });
  }
}
