import type { ClusterView, PlanEntry } from '../argocd/index.ts';
import type { Finding } from '../core/finding.ts';
import type { KubeObject } from '../core/manifest.ts';
import type { SourceFiles } from '../render/index.ts';
import { argocdModelFindings, gitRevisionResolver } from './argocd-findings.ts';
import { modelArgocdClusters, type LoadedTarget } from './argocd-models.ts';
import { planAgainstBase, type BaseContext } from './base-plan.ts';
import type { ClusterProfile } from './environments.ts';

export interface ArgocdStage {
  views: ReadonlyMap<string, ClusterView>;
  /** What the model itself reports: targets no Application deploys, what it does not follow. */
  findings: Finding[];
  /** With a base revision: what each cluster's Argo CD does when the change lands. */
  plan?: { entries: PlanEntry[]; heads: Map<PlanEntry, KubeObject> };
}

/** The Argo CD model of each cluster from the loaded targets, and with `base` the plan against that revision. */
export async function runArgocdStage(
  loaded: readonly LoadedTarget[],
  own: readonly LoadedTarget[],
  context: Omit<BaseContext, 'revisionExists'> & { files: SourceFiles; profiles: readonly ClusterProfile[]; renderMore: (targets: readonly string[]) => Promise<LoadedTarget[]>; base?: string },
): Promise<ArgocdStage | undefined> {
  if (loaded.length === 0) return undefined;
  const { cwd, profiles, files } = context;
  const revisionExists = gitRevisionResolver(cwd);
  const { views, deployed } = await modelArgocdClusters(loaded, { cwd, profiles, renderMore: context.renderMore, revisionExists });
  const findings = argocdModelFindings(own, views, deployed, { cwd, files });
  if (context.base === undefined) return { views, findings };
  const plan = await planAgainstBase(context.base, views, { cwd, profiles, renderSettings: context.renderSettings, loadContext: context.loadContext, revisionExists });
  return { views, findings, plan };
}
