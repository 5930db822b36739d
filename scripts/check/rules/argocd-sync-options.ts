import { joinPointer } from '../../core/pointer.ts';
import { closestName, didYouMean } from '../../core/did-you-mean.ts';
import type { Rule, RuleContext } from '../types.ts';
import { asRecord, objectItems } from '../values.ts';
import { annotatedKinds, annotationOf, annotationPointer, isApplication, syncOptionsAnnotation } from './argocd-annotations.ts';

type MessageId = 'unknownOption' | 'inexactOption' | 'wrongLevel' | 'untrackedTemplate';
type Context = RuleContext<Record<string, never>, MessageId>;

/**
 * The sync options Argo CD acts on, spelled as it compares them: exactly (gitops-engine
 * `HasAnnotationOption` after trimming each comma-separated item of the annotation; argo-cd
 * `SyncOptions.HasOption` on the Application's list, untrimmed). Constants from gitops-engine
 * pkg/sync/common/types.go and the Application options of docs/user-guide/sync-options.md.
 */
const bothLevels = [
  'Prune=false',
  'Prune=confirm',
  'Delete=false',
  'Delete=confirm',
  'Validate=false',
  'SkipDryRunOnMissingResource=true',
  'PruneLast=true',
  'Replace=true',
  'Replace=false',
  'Force=true',
  'ServerSideApply=true',
  'ServerSideApply=false',
  'RespectIgnoreDifferences=true',
];
/** Read from the Application only: on an object's annotation they do nothing. */
const applicationOnly = [
  'CreateNamespace=true',
  'ApplyOutOfSyncOnly=true',
  'ApplyOutOfSyncOnly=false',
  'PrunePropagationPolicy=foreground',
  'PrunePropagationPolicy=background',
  'PrunePropagationPolicy=orphan',
  'FailOnSharedResource=true',
  'ClientSideApplyMigration=true',
  'ClientSideApplyMigration=false',
];
/** Read from an object's annotation only (the per-object override of the Application's setting). */
const resourceOnly = ['RespectIgnoreDifferences=false'];
/** The defaults written out: Argo CD ignores them, and so does this rule. */
const explicitDefaults = [
  'Prune=true',
  'Delete=true',
  'Validate=true',
  'SkipDryRunOnMissingResource=false',
  'PruneLast=false',
  'Force=false',
  'CreateNamespace=false',
  'FailOnSharedResource=false',
];

type Level = 'application' | 'resource';

const effective: Record<Level, ReadonlySet<string>> = {
  application: new Set([...bothLevels, ...applicationOnly]),
  resource: new Set([...bothLevels, ...resourceOnly]),
};
const everyKnown = [...new Set([...bothLevels, ...applicationOnly, ...resourceOnly, ...explicitDefaults])];
const known = new Set(everyKnown);

const belongs: Record<Level, string> = {
  application: "in an Application's spec.syncPolicy.syncOptions",
  resource: 'in the argocd.argoproj.io/sync-options annotation of the object it is about',
};

export const argocdSyncOptions: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'argocd-sync-options',
    kinds: annotatedKinds,
    description:
      'Sync options are ones Argo CD knows, spelled exactly, at the level (Application or object) where they act; no Argo CD annotations where Argo CD never looks.',
    docs: {
      why: 'Argo CD compares sync options as exact strings and ignores anything else without a word: `Prune=False`, `PruneLast=True`, `prune=false` or `CreateNamespace=yes` change nothing, so the protection or behaviour they promise is not there. Checked: each item of an object\'s `argocd.argoproj.io/sync-options` annotation (comma-separated, each item trimmed, as gitops-engine reads it) and each entry of an Application\'s `spec.syncPolicy.syncOptions` (an ApplicationSet\'s template too; compared untrimmed, as argo-cd reads it). Some options act at one level only: `CreateNamespace`, `ApplyOutOfSyncOnly`, `PrunePropagationPolicy`, `FailOnSharedResource` and `ClientSideApplyMigration` are read from the Application, `RespectIgnoreDifferences=false` from an object\'s annotation. Written-out defaults (`Prune=true`, `Validate=true`, …) are accepted. An `argocd.argoproj.io/*` annotation on a StatefulSet\'s `volumeClaimTemplates` entry does nothing: the claims the StatefulSet controller creates from it are not part of the Application, so Argo CD neither prunes nor deletes them nor reads their annotations; their lifetime follows `persistentVolumeClaimRetentionPolicy` and the StorageClass reclaim policy.',
    },
    messages: {
      unknownOption: '{{where}}: sync option "{{option}}" is not one Argo CD knows, and it is ignored{{suggestion}}.',
      inexactOption: '{{where}}: sync option "{{option}}" is ignored, since Argo CD compares sync options exactly; write "{{expected}}".',
      wrongLevel: '{{where}}: sync option "{{option}}" has no effect here; it acts only {{belongs}}.',
      untrackedTemplate:
        'Annotation {{annotation}} on volumeClaimTemplates entry "{{template}}" does nothing: Argo CD never tracks the claims the StatefulSet controller creates; their lifetime follows persistentVolumeClaimRetentionPolicy and the StorageClass reclaim policy.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object } = context;
    const annotation = annotationOf(object, syncOptionsAnnotation);
    if (annotation !== undefined) {
      const site = { where: `Annotation ${syncOptionsAnnotation}`, at: annotationPointer(syncOptionsAnnotation) };
      for (const item of annotation.split(',')) {
        const option = item.trim();
        if (option !== '') checkOption(context, option, 'resource', site);
      }
    }
    const spec = asRecord(object.spec);
    if (isApplication(object)) checkList(context, spec, '/spec');
    if (object.kind === 'ApplicationSet' && object.apiVersion.startsWith('argoproj.io/')) {
      checkList(context, asRecord(asRecord(spec?.template)?.spec), '/spec/template/spec');
    }
    if (object.kind === 'StatefulSet' && object.apiVersion.startsWith('apps/')) {
      for (const [template, index] of objectItems<Record<string, unknown>>(spec?.volumeClaimTemplates)) {
        const metadata = asRecord(template.metadata);
        const annotations = asRecord(metadata?.annotations) ?? {};
        const name = typeof metadata?.name === 'string' ? metadata.name : String(index);
        for (const key of Object.keys(annotations)) {
          if (!key.startsWith('argocd.argoproj.io/')) continue;
          context.report({
            at: joinPointer('/spec/volumeClaimTemplates', index, 'metadata', 'annotations', key),
            messageId: 'untrackedTemplate',
            data: { annotation: key, template: name },
          });
        }
      }
    }
  },
};

function checkList(context: Context, spec: Readonly<Record<string, unknown>> | undefined, specPointer: string): void {
  const options = asRecord(spec?.syncPolicy)?.syncOptions;
  if (!Array.isArray(options)) return;
  options.forEach((option: unknown, index) => {
    if (typeof option !== 'string') return;
    const at = joinPointer(specPointer, 'syncPolicy', 'syncOptions', index);
    checkOption(context, option, 'application', { where: 'spec.syncPolicy.syncOptions', at });
  });
}

function checkOption(context: Context, option: string, level: Level, site: { where: string; at: string }): void {
  if (effective[level].has(option) || explicitDefaults.includes(option)) return;
  if (known.has(option)) {
    const other: Level = level === 'application' ? 'resource' : 'application';
    context.report({ at: site.at, messageId: 'wrongLevel', data: { where: site.where, option, belongs: belongs[other] } });
    return;
  }
  const expected = exactSpelling(option);
  if (expected !== undefined) {
    context.report({ at: site.at, messageId: 'inexactOption', data: { where: site.where, option, expected } });
    return;
  }
  const suggestion = didYouMean(closestName(option, everyKnown));
  context.report({ at: site.at, messageId: 'unknownOption', data: { where: site.where, option, suggestion } });
}

/** The known option this one is meant to be, differing only in case or surrounding spaces. */
function exactSpelling(option: string): string | undefined {
  const normalized = option.trim().replace(/\s*=\s*/, '=').toLowerCase();
  return everyKnown.find((candidate) => candidate.toLowerCase() === normalized);
}
