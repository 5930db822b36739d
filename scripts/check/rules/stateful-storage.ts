import { joinPointer } from '../../core/pointer.ts';
import { valueText } from '../../core/describe-value.ts';
import { deepestExisting } from '../locate.ts';
import { podTemplates } from '../pods.ts';
import { asRecord } from '../values.ts';
import type { Rule } from '../types.ts';

const syncOptionsAnnotation = 'argocd.argoproj.io/sync-options';
const requiredSyncOptions = ['Delete=false', 'Prune=false'];

type MessageId = 'missingVolumeClaimTemplates' | 'templateMissingApiVersion' | 'templateMissingKind' | 'retentionNotRetain' | 'missingArgoProtection';

export const statefulStorage: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'stateful-storage',
    kinds: [{ group: 'apps', kind: 'StatefulSet' }],
    description:
      'A database StatefulSet keeps its data: volumeClaimTemplates with explicit apiVersion/kind, Retain retention, and Argo CD delete/prune protection.',
    docs: {
      why: 'A database without volumeClaimTemplates loses its data with its pod. Templates written without `apiVersion: v1` and `kind: PersistentVolumeClaim` leave the StatefulSet permanently OutOfSync in Argo CD (the API server adds them). A retention policy of Delete (on deletion or scale-down) deletes the volumes with the StatefulSet; the default, Retain, keeps them. A file moved or deleted in Git makes Argo CD prune the StatefulSet unless it carries `argocd.argoproj.io/sync-options: Delete=false,Prune=false`. Database pods are recognised by `workloads.database.podLabels`.',
    },
    messages: {
      missingVolumeClaimTemplates: 'Database StatefulSet has no volumeClaimTemplates; its data dies with the pod.',
      templateMissingApiVersion:
        'volumeClaimTemplate "{{template}}" has no apiVersion: v1; Argo CD would show the StatefulSet OutOfSync forever.',
      templateMissingKind:
        'volumeClaimTemplate "{{template}}" has no kind: PersistentVolumeClaim; Argo CD would show the StatefulSet OutOfSync forever.',
      retentionNotRetain: 'persistentVolumeClaimRetentionPolicy.{{field}} is {{value}}; database volumes must be retained.',
      missingArgoProtection:
        'Database StatefulSet lacks {{missing}} in the {{annotation}} annotation; Argo CD could delete or prune it.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object } = context;
    const pod = podTemplates(object)[0];
    if (pod === undefined || !context.workloads.isDatabase(pod.labels)) return;
    const spec = asRecord(object.spec) ?? {};

    const templates = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
    if (templates.length === 0) {
      context.report({ at: deepestExisting(object, '/spec', 'volumeClaimTemplates'), messageId: 'missingVolumeClaimTemplates' });
    }
    templates.forEach((template: unknown, index) => {
      const claim = asRecord(template) ?? {};
      const data = { template: valueText(asRecord(claim.metadata)?.name ?? index) };
      const at = joinPointer('/spec/volumeClaimTemplates', index);
      if (claim.apiVersion !== 'v1') context.report({ at: deepestExisting(object, at, 'apiVersion'), messageId: 'templateMissingApiVersion', data });
      if (claim.kind !== 'PersistentVolumeClaim') context.report({ at: deepestExisting(object, at, 'kind'), messageId: 'templateMissingKind', data });
    });

    const retention = asRecord(spec.persistentVolumeClaimRetentionPolicy) ?? {};
    for (const field of ['whenDeleted', 'whenScaled'] as const) {
      const value = retention[field];
      if (value === undefined || value === 'Retain') continue;
      context.report({
        at: joinPointer('/spec/persistentVolumeClaimRetentionPolicy', field),
        messageId: 'retentionNotRetain',
        data: { field, value: valueText(value) },
      });
    }

    const annotation = asRecord(object.metadata.annotations)?.[syncOptionsAnnotation];
    const syncOptions = typeof annotation === 'string' ? annotation.split(',').map((option) => option.trim()) : [];
    const missing = requiredSyncOptions.filter((option) => !syncOptions.includes(option));
    if (missing.length > 0) {
      context.report({
        at: deepestExisting(object, '/metadata', 'annotations', syncOptionsAnnotation),
        messageId: 'missingArgoProtection',
        data: { missing: missing.join(' and '), annotation: syncOptionsAnnotation },
      });
    }
  },
};
