import path from 'node:path';
import { cacheDirectory } from '../core/cache-files.ts';
import type { ClusterProfile } from '../pipeline/environments.ts';

/** The kustomize release the cluster profiles' Argo CD bundles, and which profile names which. */
export interface ProfileKustomize {
  /** The newest release any profile names, e.g. `v5.8.1`: the one to install and render with. */
  version: string;
  /** Each profile's release, by environment, for messages when they disagree. */
  byEnvironment: Map<string, string>;
}

/**
 * The release to render with. Profiles may disagree while an Argo CD upgrade rolls from dev to
 * prod; then the newest wins (the cluster that upgraded first is the one to be ready for) and the
 * others show up in the version warning. Undefined when no valid profile names one.
 */
export function profileKustomize(profiles: readonly ClusterProfile[]): ProfileKustomize | undefined {
  const byEnvironment = new Map<string, string>();
  for (const profile of profiles) {
    if (profile.argocd !== undefined) byEnvironment.set(profile.environment, profile.argocd.kustomizeVersion);
  }
  const versions = [...byEnvironment.values()].sort(compareVersions);
  const version = versions.at(-1);
  return version === undefined ? undefined : { version, byEnvironment };
}

/**
 * Where `npm run tools:kustomize` installs a release: in the toolkit's cache directory, outside
 * any work tree. A directory in the repository (its `.cache/`) would run whatever binary a pull
 * request committed there, which is why the render stage skips PATH entries inside the repository.
 */
export function kustomizeToolDir(version: string): string {
  return path.join(cacheDirectory('kustomize'), `kustomize-${version}`);
}

/** `v5.8.1` → [5, 8, 1]; undefined for anything that is not a plain release version. */
export function releaseNumbers(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match === null ? undefined : [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compareVersions(a: string, b: string): number {
  const [left, right] = [releaseNumbers(a) ?? [0, 0, 0], releaseNumbers(b) ?? [0, 0, 0]];
  for (let i = 0; i < 3; i += 1) {
    const difference = left[i]! - right[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}
