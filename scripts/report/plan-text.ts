import type { PlanEntry } from '../core/plan.ts';

/** Actions a reviewer must see by name: they stop a sync or delete something. */
const dangerous = new Set(['refuse', 'fail', 'prune', 'cascade-delete']);
const actionOrder = ['refuse', 'fail', 'cascade-delete', 'prune', 'adopt', 'orphan', 'update', 'create'];

function clusters(plan: readonly PlanEntry[], known: readonly string[]): string[] {
  return [...new Set([...known, ...plan.map((entry) => entry.cluster)])].sort();
}

function objectText(entry: PlanEntry): string {
  if (entry.object === null) return `Application ${entry.application}`;
  const namespace = entry.object.namespace === undefined ? '' : `${entry.object.namespace}/`;
  return `${entry.object.kind} ${namespace}${entry.object.name}`;
}

/** Per cluster: how many of each action, pods that restart; `clean` when nothing changes. */
function clusterVerdict(entries: readonly PlanEntry[]): string {
  if (entries.length === 0) return 'clean';
  const counts = actionOrder
    .map((action) => [action, entries.filter((entry) => entry.action === action).length] as const)
    .filter(([, count]) => count > 0)
    .map(([action, count]) => `${String(count)} ${action === 'cascade-delete' ? 'cascade-deleted' : action === 'refuse' ? 'refused' : action === 'fail' ? 'failing' : `${action}${action.endsWith('e') ? 'd' : 'ed'}`}`);
  const restarts = entries.reduce((sum, entry) => sum + entry.restarts.length, 0);
  return [...counts, ...(restarts > 0 ? [`${String(restarts)} restart${restarts === 1 ? '' : 's'}`] : [])].join(', ');
}

/** The one-line verdict: `prod: 1 refused, 2 restarts · staging: clean · dev: clean`. */
export function planVerdict(plan: readonly PlanEntry[], knownClusters: readonly string[]): string {
  return clusters(plan, knownClusters)
    .map((cluster) => `${cluster}: ${clusterVerdict(plan.filter((entry) => entry.cluster === cluster))}`)
    .join(' · ');
}

/**
 * The plan as terminal text, after the findings: per cluster, the count of each action and every
 * refusal, failure, prune and cascade delete by name, with its reason; updates and creations by
 * count, restarts by workload.
 */
export function planText(plan: readonly PlanEntry[], knownClusters: readonly string[], emphasis: (text: string) => string = (text) => text): string {
  const lines = ['', 'Plan (what each cluster\'s Argo CD does when this change lands):'];
  for (const cluster of clusters(plan, knownClusters)) {
    const entries = plan.filter((entry) => entry.cluster === cluster);
    lines.push(`  ${cluster}: ${clusterVerdict(entries)}`);
    for (const entry of entries.filter((candidate) => dangerous.has(candidate.action))) {
      lines.push(`    ${emphasis(entry.action)}  ${entry.application}: ${objectText(entry)} (${entry.reason})`);
    }
    for (const entry of entries.filter((candidate) => candidate.restarts.length > 0)) {
      lines.push(`    restart  ${entry.application}: ${entry.restarts.join(', ')}`);
    }
  }
  lines.push(`  ${planVerdict(plan, knownClusters)}`);
  return `${lines.join('\n')}\n`;
}
