import { joinPointer } from '../../core/pointer.ts';
import type { KubeObject } from '../../core/manifest.ts';
import type { Refusal } from '../../argocd/index.ts';
import type { Rule, RuleContext } from '../types.ts';
import { asRecord } from '../values.ts';
import { isApplication } from './argocd-annotations.ts';

type MessageId = 'noProject' | 'sourceRefused' | 'destinationRefused' | 'kindRefused' | 'defaultProject' | 'wideOpen' | 'namespaceUnscoped';
type Options = { allowDefaultProject: boolean };
type Context = RuleContext<Options, MessageId>;

/** The pointer of a source's repoURL: `spec.source` or the first of `spec.sources` naming it. */
function repoUrlPointer(application: KubeObject, repoURL: string | undefined): string {
  const spec = asRecord(application['spec']);
  const sources = spec?.['sources'];
  if (Array.isArray(sources)) {
    const index = sources.findIndex((source) => asRecord(source)?.['repoURL'] === repoURL);
    return `/spec/sources/${String(Math.max(index, 0))}/repoURL`;
  }
  return '/spec/source/repoURL';
}

function reportApplicationRefusal(context: Context, application: string, project: string, refusal: Refusal): void {
  const data = { application, project, reason: refusal.reason };
  if (refusal.what === 'project') context.report({ at: '/spec/project', messageId: 'noProject', data });
  else if (refusal.what === 'source') context.report({ at: repoUrlPointer(context.object, undefined), messageId: 'sourceRefused', data });
  else context.report({ at: '/spec/destination', messageId: 'destinationRefused', data });
}

/** `*` as a whole pattern: the project permits anything there. */
function wildcards(project: KubeObject): string[] {
  const spec = asRecord(project['spec']) ?? {};
  const found: string[] = [];
  if (Array.isArray(spec['sourceRepos']) && spec['sourceRepos'].includes('*')) found.push('sourceRepos');
  const destinations = Array.isArray(spec['destinations']) ? spec['destinations'].map(asRecord) : [];
  if (destinations.some((entry) => entry?.['namespace'] === '*' && (entry['server'] === '*' || entry['name'] === '*'))) found.push('destinations');
  const clusterKinds = Array.isArray(spec['clusterResourceWhitelist']) ? spec['clusterResourceWhitelist'].map(asRecord) : [];
  if (clusterKinds.some((entry) => entry?.['group'] === '*' && entry['kind'] === '*' && (entry['name'] === undefined || entry['name'] === '*'))) found.push('clusterResourceWhitelist');
  return found;
}

export const argocdProject: Rule<Options, MessageId> = {
  meta: {
    id: 'argocd-project',
    kinds: [{ kind: '*' }],
    crossObject: true,
    description:
      "Every Application's AppProject exists and permits its repository, destination and every kind it renders; no project permits everything; a Namespace is permitted by name.",
    docs: {
      why: 'Argo CD checks an Application against its AppProject before it applies anything. A project that does not exist, a repository not in `sourceRepos`, a destination not in `destinations`, or one rendered object of a kind the project does not permit, and the whole sync is refused: the image bump that came with the new Role does not roll out either, and the Application shows only a condition. The rule reads the model of each cluster (clusters/<env> → root Application → AppProjects and Applications → what each renders) and decides as Argo CD does. It also flags `project: default` (unless `allowDefaultProject`), an AppProject whose `sourceRepos`, `destinations` or `clusterResourceWhitelist` is a bare `*`, and a Namespace permitted by a `clusterResourceWhitelist` entry without `name`: such a project lets any overlay add a Namespace, and when a later change removes it Argo CD prunes the namespace with everything in it. Runs on repository runs, where the clusters are modelled.',
    },
    messages: {
      noProject: 'Application {{application}}: {{reason}}; Argo CD refuses to sync it.',
      sourceRefused: 'Application {{application}}: {{reason}}; Argo CD refuses to sync it.',
      destinationRefused: 'Application {{application}}: {{reason}}; Argo CD refuses to sync it.',
      kindRefused: '{{reason}}: Argo CD refuses the whole sync of Application {{application}}, every other change in it included.',
      defaultProject: 'Application {{application}} uses the default AppProject; give it a project of its own that permits only what it deploys.',
      wideOpen: 'AppProject {{project}} permits everything in {{fields}}; list what its Applications need.',
      namespaceUnscoped:
        'Namespace {{name}} is permitted by AppProject {{project}} without a name: any overlay of Application {{application}} may add a Namespace, and removing it later prunes everything in it. Scope the clusterResourceWhitelist entry with `name`.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: { allowDefaultProject: { type: 'boolean', description: 'Accept Applications in the `default` project.' } } },
    defaultOptions: { allowDefaultProject: false },
  },
  check(context) {
    const view = context.index.argocd;
    if (view === undefined) return;
    const { object } = context;
    const application = isApplication(object) ? view.applicationOf(object) : undefined;
    if (application !== undefined) {
      if (application.project === 'default' && !context.options.allowDefaultProject) {
        context.report({ at: '/spec/project', messageId: 'defaultProject', data: { application: application.name } });
      }
      for (const refusal of view.refusals(application)) {
        if (refusal.object === undefined) reportApplicationRefusal(context, application.name, application.project, refusal);
      }
    }
    if (object.kind === 'AppProject' && object.apiVersion.startsWith('argoproj.io/') && view.project(object.metadata.name ?? '') === object) {
      const fields = wildcards(object);
      if (fields.length > 0) context.report({ at: `/spec/${fields[0]!}`, messageId: 'wideOpen', data: { project: object.metadata.name ?? '', fields: fields.join(', ') } });
    }
    for (const deployment of view.deploymentsOf(object)) {
      const app = deployment.application;
      for (const refusal of view.refusals(app)) {
        if (refusal.object !== object) continue;
        const at = refusal.what === 'destination' ? '/metadata/namespace' : '/kind';
        context.report({ at, messageId: 'kindRefused', data: { application: app.name, reason: refusal.reason } });
      }
      if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
        const project = view.project(app.project);
        const entries = Array.isArray(asRecord(project?.['spec'])?.['clusterResourceWhitelist']) ? (asRecord(project?.['spec'])?.['clusterResourceWhitelist'] as unknown[]) : [];
        const unscoped = entries.map(asRecord).some((entry) => entry !== undefined && (entry['group'] === '' || entry['group'] === '*') && (entry['kind'] === 'Namespace' || entry['kind'] === '*') && (entry['name'] === undefined || entry['name'] === ''));
        if (unscoped) context.report({ at: joinPointer('/metadata', 'name'), messageId: 'namespaceUnscoped', data: { name: object.metadata.name ?? '', project: app.project, application: app.name } });
      }
    }
  },
};
