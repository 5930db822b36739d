import type { Manifest } from '../core/manifest.ts';

/**
 * Cross-object rules see one scope at a time: every object deployed to one environment (its
 * cluster), each target of no known environment on its own, and the kustomization files.
 */
export function scopesOf(rendered: readonly Manifest[], kustomizations: readonly Manifest[]): Manifest[][] {
  const byScope = new Map<string, Manifest[]>();
  for (const manifest of rendered) {
    const key = manifest.environment === undefined ? `target:${manifest.target}` : `environment:${manifest.environment}`;
    let scope = byScope.get(key);
    if (scope === undefined) byScope.set(key, (scope = []));
    scope.push(manifest);
  }
  return [...byScope.values(), [...kustomizations]].filter((scope) => scope.length > 0);
}
