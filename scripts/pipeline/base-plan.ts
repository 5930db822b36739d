import { ClusterView, planChange, type PlanEntry } from '../argocd/index.ts';
import type { KubeObject } from '../core/manifest.ts';
import { discoverTargets, SourceFiles } from '../render/index.ts';
import type { ParserKind } from '../load/index.ts';
import { modelArgocdClusters } from './argocd-models.ts';
import { checkoutBase } from './base-revision.ts';
import type { ClusterProfile } from './environments.ts';
import { renderAll, type RenderAllOptions } from './render-all.ts';
import { loadRenderedTargets } from './rendered-manifests.ts';

export interface BaseContext {
  cwd: string;
  profiles: readonly ClusterProfile[];
  renderSettings: Omit<RenderAllOptions, 'annotate'>;
  loadContext: { profiles: readonly ClusterProfile[]; versions: readonly string[]; plainVersion: string; parser: ParserKind };
  revisionExists: (revision: string) => boolean | undefined;
}

/**
 * The base of the change, modelled as the head is (every target of its checkout rendered
 * through the same content-keyed cache, so a target the change did not touch costs a cache
 * read), attached to each head cluster as `view.base` for the base-aware rules; returns the plan.
 */
export async function planAgainstBase(
  revision: string,
  heads: ReadonlyMap<string, ClusterView>,
  context: BaseContext,
): Promise<{ entries: PlanEntry[]; heads: Map<PlanEntry, KubeObject> }> {
  const { root } = checkoutBase(context.cwd, revision);
  const files = new SourceFiles(root);
  const settings = { ...context.renderSettings, cwd: root, annotate: false };
  const renderMore = async (targets: readonly string[]) => loadRenderedTargets(await renderAll(targets, settings), { ...context.loadContext, files });
  const loaded = await renderMore(discoverTargets(root));
  const { views } = await modelArgocdClusters(loaded, { cwd: root, profiles: context.profiles, renderMore, revisionExists: context.revisionExists });
  const plan: PlanEntry[] = [];
  const objects = new Map<PlanEntry, KubeObject>();
  for (const [environment, head] of heads) {
    const base = views.get(environment) ?? new ClusterView({ environment, bootstrap: [], incompleteApplicationSets: [], root: [], projects: [], applications: [], unmodelled: [] });
    head.base = base;
    const planned = planChange(head, base, { allowsExpansion: head.allowsExpansion });
    plan.push(...planned.entries);
    for (const [entry, object] of planned.heads) objects.set(entry, object);
  }
  return { entries: plan, heads: objects };
}
