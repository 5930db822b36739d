import { runRules, type CheckConfig, type CheckResult } from '../check/index.ts';
import type { SourceFiles } from '../render/index.ts';
import type { LoadedTarget } from './argocd-models.ts';
import type { ArgocdStage } from './argocd-stage.ts';
import { kustomizationManifests } from './kustomization-manifests.ts';
import { scopesOf } from './scopes.ts';

/**
 * Every rule once over the scopes of the loaded targets (context targets included, to be checked
 * against) and the kustomization files of the own ones, with each environment's Argo CD model.
 */
export function checkAll(
  loaded: readonly LoadedTarget[],
  own: readonly LoadedTarget[],
  context: { config: CheckConfig; inlineExemptions: boolean; argocd: ArgocdStage | undefined; files: SourceFiles },
): CheckResult {
  const renderedByTarget = new Map(loaded.filter((target) => target.target.output !== undefined).map((target) => [target.target.target, target.manifests]));
  const kustomizations = kustomizationManifests(own.map((target) => target.target), context.files);
  return runRules(scopesOf(loaded.flatMap((target) => target.manifests), kustomizations), context.config, {
    inlineExemptions: context.inlineExemptions,
    argocd: (environment) => (environment === undefined ? undefined : context.argocd?.views.get(environment)),
    renderedObjects: (target) => renderedByTarget.get(target),
  });
}
