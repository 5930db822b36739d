import type { Manifest } from '../core/manifest.ts';

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
