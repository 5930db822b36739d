import type { ClusterView, ModelApplication } from '../../argocd/index.ts';
import { dataHoldingKinds, isPruneProtected, objectKeyText } from '../../argocd/index.ts';
import type { Rule, RuleContext } from '../types.ts';
import { isApplication } from './argocd-annotations.ts';

type MessageId = 'prunesData' | 'cascadeDelete' | 'shrinks';
type Options = { shrinkRatio: number };
type Context = RuleContext<Options, MessageId>;


function label(entry: { key: { kind: string; namespace: string; name: string } }): string {
  return `${entry.key.kind} ${entry.key.namespace === '' ? '' : `${entry.key.namespace}/`}${entry.key.name}`;
}

/** The pointer a person edits for what an Application deploys: its source path. */
function sourcePointer(application: ModelApplication): string {
  return application.sources.length > 1 ? '/spec/sources/0/path' : '/spec/source/path';
}

export const argocdPrune: Rule<Options, MessageId> = {
  meta: {
    id: 'argocd-prune',
    kinds: [{ kind: 'Application', group: 'argoproj.io' }],
    crossObject: true,
    description: 'A change from the base revision (`--base`) does not make Argo CD delete data: a pruned claim, StatefulSet or Namespace, a removed Application whose finalizer cascades, a render that shrinks to a fraction.',
    docs: {
      why: 'What disappears from Git, Argo CD deletes: with `prune: true` an object gone from an Application\'s render is pruned at the next sync, and an Application removed (or renamed) while it carries `resources-finalizer.argocd.argoproj.io` deletes everything it deployed, even what another Application adopted in the same change. A PersistentVolumeClaim, a StatefulSet (its claims follow its retention policy) or a Namespace (with everything in it) takes data with it. The rule needs `--base`: it compares each Application with itself at the base revision. Ordinary prunes (a ConfigMap, a Service) are listed in the plan, not reported. A render that shrinks below `shrinkRatio` of its objects is reported too: an overlay that lost its base usually prunes an environment. `Prune=false` on the object keeps it (and the plan says orphan).',
    },
    messages: {
      prunesData: 'Application {{application}} prunes {{object}} at its next sync: it is gone from the render and it holds data.',
      cascadeDelete: 'Application {{application}} is removed (or renamed) with the resources finalizer: Argo CD deletes the {{count}} objects it deployed ({{examples}}){{adopted}}.',
      shrinks: 'Application {{application}} renders {{after}} objects where the base rendered {{before}}: Argo CD prunes the rest.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { shrinkRatio: { type: 'number', minimum: 0, maximum: 1, description: 'Report a render that keeps fewer than this share of its objects.' } },
    },
    defaultOptions: { shrinkRatio: 0.5 },
  },
  check(context) {
    const view = context.index.argocd;
    const base = view?.base;
    if (view === undefined || base === undefined || !isApplication(context.object)) return;
    const application = view.applicationOf(context.object);
    if (application === undefined) return;
    const before = [...base.model.root, ...base.model.applications].find((candidate) => candidate.name === application.name);
    if (before !== undefined) checkPrunes(context, view, application, before);
    checkRemovedChildren(context, view, base, application);
  },
};

function checkPrunes(context: Context, view: ClusterView, application: ModelApplication, before: ModelApplication): void {
  const now = new Set(application.objects.map((entry) => objectKeyText(entry.key)));
  if (application.syncPolicy.prune) {
    for (const entry of before.objects) {
      if (now.has(objectKeyText(entry.key)) || !dataHoldingKinds.has(entry.key.kind) || isPruneProtected(entry.object.metadata.annotations)) continue;
      if (view.deploymentsOfKey(entry.key).length > 0) continue; // moved to another Application
      context.report({ at: sourcePointer(application), messageId: 'prunesData', data: { application: application.name, object: label(entry) } });
    }
  }
  const ratio = context.options.shrinkRatio;
  if (before.objects.length >= 4 && application.objects.length < before.objects.length * ratio) {
    context.report({ at: sourcePointer(application), messageId: 'shrinks', data: { application: application.name, after: application.objects.length, before: before.objects.length } });
  }
}

/** Applications this one deployed at the base and no longer does, that cascade-delete on removal. */
function checkRemovedChildren(context: Context, view: ClusterView, base: ClusterView, parent: ModelApplication): void {
  const baseParent = [...base.model.root, ...base.model.applications].find((candidate) => candidate.name === parent.name);
  for (const entry of baseParent?.objects ?? []) {
    if (entry.key.kind !== 'Application') continue;
    const child = base.applicationOf(entry.object);
    if (child === undefined || !child.cascadeFinalizer) continue;
    if (child.fromApplicationSet !== undefined && view.model.incompleteApplicationSets.includes(child.fromApplicationSet)) continue;
    if ([...view.model.root, ...view.model.applications].some((candidate) => candidate.name === child.name)) continue;
    const adopted = child.objects.filter((object) => view.deploymentsOfKey(object.key).length > 0);
    const examples = [...child.objects].sort((a, b) => Number(dataHoldingKinds.has(b.key.kind)) - Number(dataHoldingKinds.has(a.key.kind))).slice(0, 3).map(label).join(', ');
    context.report({
      at: sourcePointer(parent),
      messageId: 'cascadeDelete',
      data: {
        application: child.name,
        count: child.objects.length,
        examples,
        adopted: adopted.length === 0 ? '' : `, ${String(adopted.length)} of them after another Application adopted them in this change`,
      },
    });
  }
}
