import { ruleRegistry } from '../check/index.ts';
import { placedFinding, type Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import type { RenderedTarget, SourceFiles } from '../render/index.ts';
import { environmentOf, type ClusterProfile } from './environments.ts';

/**
 * Cross-object rules see one scope at a time: every object deployed to one environment (its
 * cluster); the targets of one directory under `overlays/` that names no known environment
 * (`overlays/perf/*`, a copy no cluster deploys yet) together; any other target on its own; and
 * the kustomization files.
 */
export function scopesOf(rendered: readonly Manifest[], kustomizations: readonly Manifest[]): Manifest[][] {
  const byScope = new Map<string, Manifest[]>();
  for (const manifest of rendered) {
    const key = manifest.environment !== undefined ? `environment:${manifest.environment}` : scopeOfTarget(manifest.target);
    let scope = byScope.get(key);
    if (scope === undefined) byScope.set(key, (scope = []));
    scope.push(manifest);
  }
  return [...byScope.values(), [...kustomizations]].filter((scope) => scope.length > 0);
}

function scopeOfTarget(target: string): string {
  const segments = target.split(/[\\/]/);
  return segments[0] === 'overlays' && segments.length === 3 ? `overlays:${segments[1]!}` : `target:${target}`;
}

const crossObjectRules = new Set(ruleRegistry.filter((rule) => rule.meta.crossObject === true).map((rule) => rule.meta.id));

/**
 * A scope that lost a target (it did not render) would give cross-object findings about what is
 * missing only because of that (`no Service "db"` when the db target failed): those are left
 * out, and one warning per such scope says so, at the kustomization of the target that failed.
 */
export function withoutFindingsOfBrokenScopes(
  findings: readonly Finding[],
  loaded: readonly { target: RenderedTarget }[],
  context: { files: SourceFiles; profiles: readonly ClusterProfile[] },
): Finding[] {
  const broken = new Map<string, RenderedTarget>();
  for (const { target } of loaded) {
    if (target.output !== undefined) continue;
    const environment = environmentOf(target.target, context.profiles)?.environment;
    const scope = environment === undefined ? scopeOfTarget(target.target) : `environment:${environment}`;
    if (!broken.has(scope)) broken.set(scope, target);
  }
  if (broken.size === 0) return [...findings];
  const kept: Finding[] = [];
  const dropped = new Map<string, number>();
  for (const finding of findings) {
    const scope = finding.subject === undefined ? undefined : finding.subject.environment !== undefined ? `environment:${finding.subject.environment}` : scopeOfTarget(finding.subject.target);
    if (scope !== undefined && broken.has(scope) && crossObjectRules.has(finding.ruleId)) dropped.set(scope, (dropped.get(scope) ?? 0) + 1);
    else kept.push(finding);
  }
  for (const [scope, count] of dropped) {
    const target = broken.get(scope)!;
    kept.push(
      placedFinding('render', {
        severity: 'warning',
        message: `${String(count)} cross-object finding${count === 1 ? '' : 's'} of ${scope.replace(/^environment:/, 'environment ')} left out: ${target.target} did not render, so they may only be about what it would have added`,
        target: target.target,
        at: { file: context.files.display(target.kustomizationFile), line: 1, column: 1 },
      }),
    );
  }
  return kept;
}
