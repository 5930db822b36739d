import { immutableChanges } from '../../argocd/index.ts';
import type { Rule } from '../types.ts';

type MessageId = 'immutable';
type Options = { allowVolumeExpansion: Record<string, boolean> };

export const argocdImmutableField: Rule<Options, MessageId> = {
  meta: {
    id: 'argocd-immutable-field',
    kinds: [{ kind: '*' }],
    crossObject: true,
    description: 'A change from the base revision (`--base`) does not touch a field the API server refuses to update.',
    docs: {
      why: 'Some fields cannot change once an object exists: a StatefulSet spec outside `replicas`, `ordinals`, `template`, `updateStrategy`, `revisionHistoryLimit`, `persistentVolumeClaimRetentionPolicy` and `minReadySeconds` (so `volumeClaimTemplates`, `serviceName`, `podManagementPolicy`, and a label that kustomize writes into the claim templates); the selector of a Deployment, ReplicaSet, DaemonSet, StatefulSet or Job; a Job template; a Service `clusterIP` (headless or not); a PersistentVolumeClaim spec other than a storage increase, and an increase where the StorageClass does not allow expansion (`allowVolumeExpansion` in the cluster profile); the data of an `immutable: true` ConfigMap or Secret; a RoleBinding `roleRef`. Argo CD applies the change, the API server refuses it, the sync fails, and after its retries Argo CD stops trying until the next commit, with everything else in that Application stuck behind it. Needs `--base`: the rule compares each object with the same object (group, kind, namespace, name) at the base revision. The way out for the database disk is in docs/desired-state.md (edit the claims, orphan-delete the StatefulSet, then change the overlay).',
    },
    messages: {
      immutable: '{{reason}}: Argo CD applies this change, the API server refuses it, and Application {{application}} fails to sync until it is undone (the way out: delete and recreate the object, for a StatefulSet with --cascade=orphan).',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowVolumeExpansion: {
          type: 'object',
          additionalProperties: { type: 'boolean' },
          description: 'Whether a StorageClass allows expansion, by name, beyond what the cluster profile says.',
        },
      },
    },
    defaultOptions: { allowVolumeExpansion: {} },
  },
  check(context) {
    const base = context.index.argocd?.base;
    if (base === undefined) return;
    const view = context.index.argocd!;
    const allowsExpansion = (storageClass: string | undefined) =>
      storageClass !== undefined && Object.hasOwn(context.options.allowVolumeExpansion, storageClass)
        ? context.options.allowVolumeExpansion[storageClass]
        : view.allowsExpansion(storageClass);
    const reported = new Set<string>();
    for (const deployment of view.deploymentsOf(context.object)) {
      const before = base.deploymentsOfKey(deployment.key)[0]?.object;
      if (before === undefined) continue;
      for (const change of immutableChanges(before, context.object, { allowsExpansion })) {
        if (reported.has(change.pointer + change.reason)) continue;
        reported.add(change.pointer + change.reason);
        context.report({ at: change.pointer, messageId: 'immutable', data: { reason: change.reason, application: deployment.application.name } });
      }
    }
  },
};
