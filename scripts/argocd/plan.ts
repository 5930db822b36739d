import { isDeepStrictEqual } from 'node:util';
import type { ObjectRef } from '../core/diagnostic.ts';
import type { PlanAction, PlanEntry } from '../core/plan.ts';
import { objectRef, type KubeObject } from '../core/manifest.ts';
import type { ClusterView, DeployedObject } from './cluster-view.ts';
import { objectKeyText } from './cluster-view.ts';
import { immutableChanges, type ImmutableContext } from './immutable.ts';
import { semanticDiff } from './semantic-diff.ts';

export type { PlanAction, PlanEntry } from '../core/plan.ts';
import type { ModelApplication, ObjectKey } from './model.ts';
import { dataHoldingKinds, isPruneProtected, record } from './values.ts';

const podTemplateKinds = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet']);

function applicationsOf(view: ClusterView): Map<string, ModelApplication> {
  return new Map([...view.model.root, ...view.model.applications].map((application) => [application.name, application]));
}

/** Objects by key, for one Application. */
function objectsByKey(application: ModelApplication | undefined): Map<string, DeployedObject> {
  const out = new Map<string, DeployedObject>();
  for (const entry of application?.objects ?? []) out.set(objectKeyText(entry.key), { application, ...entry } as DeployedObject);
  return out;
}

/** The object as the cluster knows it: its namespace defaulted from the Application's destination. */
function refOf(deployed: { object: KubeObject; key: ObjectKey }): ObjectRef {
  const ref = objectRef(deployed.object);
  return deployed.key.namespace === '' ? ref : { ...ref, namespace: deployed.key.namespace };
}

function restartsOf(before: KubeObject, after: KubeObject): string[] {
  const group = after.apiVersion.includes('/') ? after.apiVersion.split('/')[0]! : '';
  if (!podTemplateKinds.has(`${group}/${after.kind}`)) return [];
  return isDeepStrictEqual(record(before['spec'])['template'], record(after['spec'])['template']) ? [] : [`${after.kind}/${after.metadata.name ?? ''}`];
}

/**
 * What each cluster's Argo CD does when the change from `base` to `head` lands: per Application
 * (by name), the objects created, updated (with the workloads that roll), adopted from another
 * Application, pruned or left behind (orphaned), deleted by a removed Application's finalizer,
 * updates the API server refuses (fail), and Applications whose AppProject refuses the sync.
 */
export function planChange(head: ClusterView, base: ClusterView, context: ImmutableContext): { entries: PlanEntry[]; heads: Map<PlanEntry, KubeObject> } {
  const cluster = head.environment;
  const plan: PlanEntry[] = [];
  /** The head object of each entry about one (create, update, adopt, fail): where its lines are. */
  const heads = new Map<PlanEntry, KubeObject>();
  const headApps = applicationsOf(head);
  const baseApps = applicationsOf(base);
  const entry = (application: string, action: PlanAction, deployed: { object: KubeObject; key: ObjectKey } | null, reason: string, restarts: string[] = []): void =>
    void plan.push({ cluster, application, action, object: deployed === null ? null : refOf(deployed), reason, restarts });

  for (const [name, application] of headApps) {
    const refusals = head.refusals(application);
    const before = objectsByKey(baseApps.get(name));
    const after = objectsByKey(application);
    const changed = [...after].some(([key, deployed]) => !isDeepStrictEqual(before.get(key)?.object, deployed.object)) || [...before.keys()].some((key) => !after.has(key));
    if (refusals.length > 0) {
      if (changed) entry(name, 'refuse', null, `${refusals[0]!.reason}${refusals.length > 1 ? ` (and ${String(refusals.length - 1)} more)` : ''}: nothing of this Application is synced`);
      continue;
    }
    for (const [key, deployed] of after) {
      const previous = before.get(key);
      if (previous === undefined) {
        const owner = base.deploymentsOfKey(deployed.key).find((other) => other.application.name !== name);
        if (owner !== undefined) entry(name, 'adopt', deployed, `tracked by ${owner.application.name} before`);
        else entry(name, 'create', deployed, 'new in Git');
        heads.set(plan[plan.length - 1]!, deployed.object);
        continue;
      }
      if (isDeepStrictEqual(previous.object, deployed.object)) continue;
      const refused = immutableChanges(previous.object, deployed.object, context);
      if (refused.length > 0) entry(name, 'fail', deployed, `${refused[0]!.reason}: the API server refuses the update, the sync fails and its retries stop`);
      else entry(name, 'update', deployed, 'changed in Git', restartsOf(previous.object, deployed.object));
      const changed = plan[plan.length - 1]!;
      changed.changes = semanticDiff(previous.object, deployed.object);
      heads.set(changed, deployed.object);
    }
    for (const [key, previous] of before) {
      if (after.has(key)) continue;
      if (head.deploymentsOfKey(previous.key).length > 0) continue; // adopted by another Application: reported there
      if (application.syncPolicy.prune && !isPruneProtected(previous.object.metadata.annotations)) {
        entry(name, 'prune', previous, dataHoldingKinds.has(previous.object.kind) ? 'gone from Git; it holds data, which is deleted with it' : 'gone from Git');
      } else entry(name, 'orphan', previous, application.syncPolicy.prune ? 'gone from Git, Prune=false: left in the cluster' : 'gone from Git, prune disabled: left in the cluster, OutOfSync');
    }
  }
  for (const [name, application] of baseApps) {
    if (headApps.has(name)) continue;
    // An ApplicationSet the head cannot expand keeps its Applications in the cluster: not a removal.
    if (application.fromApplicationSet !== undefined && head.model.incompleteApplicationSets.includes(application.fromApplicationSet)) continue;
    for (const previous of application.objects) {
      const adopter = head.deploymentsOfKey(previous.key)[0];
      if (application.cascadeFinalizer) {
        const why = adopter === undefined ? 'its Application is removed and its resources finalizer deletes what it deployed' : `adopted by ${adopter.application.name}, then deleted by the finalizer of removed Application ${name}`;
        entry(name, 'cascade-delete', previous, why);
      } else if (adopter === undefined) entry(name, 'orphan', previous, 'its Application is removed without the resources finalizer: left in the cluster, untracked');
    }
  }
  const order: Record<PlanAction, number> = { refuse: 0, fail: 1, 'cascade-delete': 2, prune: 3, adopt: 4, orphan: 5, update: 6, create: 7 };
  plan.sort(
    (a, b) =>
      a.application.localeCompare(b.application) ||
      order[a.action] - order[b.action] ||
      (a.object?.kind ?? '').localeCompare(b.object?.kind ?? '') ||
      (a.object?.namespace ?? '').localeCompare(b.object?.namespace ?? '') ||
      (a.object?.name ?? '').localeCompare(b.object?.name ?? ''),
  );
  return { entries: plan, heads };
}
