import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { RenderSettings } from '../check/index.ts';
import { cacheDirectory } from '../core/cache-files.ts';
import { discoverTargets, findKustomize, kustomizeVersionWarning, RenderCache, renderEachTarget, type RenderedTarget } from '../render/index.ts';
import { environmentOf, type ClusterProfile } from './environments.ts';

export interface RenderAllOptions {
  cwd: string;
  cache: boolean;
  render: RenderSettings;
  /** Record where every field came from (the locate stage's second render, or JUnit up front). */
  annotate: boolean;
  log: (line: string) => void;
  /** Given to the first render of a run only: its kustomize version warning is printed once. */
  profiles?: readonly ClusterProfile[];
}

/** Renders the targets with the real kustomize, sandboxed, through the content-keyed render cache. */
export async function renderAll(targets: readonly string[], options: RenderAllOptions): Promise<RenderedTarget[]> {
  return Promise.all(await renderEach(targets, options));
}

/**
 * renderAll, each target's render its own promise (in the order of `targets`), settled when its
 * build ends: a target can be loaded and validated while the others still build.
 */
export async function renderEach(targets: readonly string[], options: RenderAllOptions): Promise<Promise<RenderedTarget>[]> {
  if (targets.length === 0) return [];
  const { cwd, log, render } = options;
  // Next to the render cache, not in it: clearing rendered outputs need not probe kustomize again.
  const kustomize = await findKustomize({ repoRoot: cwd, ...(options.cache ? { cacheFile: path.join(cacheDirectory('kustomize'), 'version.json') } : {}) });
  const versionWarning = options.profiles === undefined ? undefined : kustomizeVersionWarning(kustomize, options.profiles);
  // stderr, never stdout: --format json and SARIF own stdout.
  if (versionWarning !== undefined) process.stderr.write(`warning: ${versionWarning}\n`);
  log(`kustomize: ${kustomize.description}; build options: ${render.kustomizeBuildOptions.join(' ') || '(none)'}`);
  const each = renderEachTarget(targets, {
    kustomize,
    buildOptions: render.kustomizeBuildOptions,
    allowRemoteBases: render.allowRemoteBases,
    limits: render,
    log,
    cache: options.cache ? new RenderCache(cacheDirectory('render')) : undefined,
    cwd,
    concurrency: availableParallelism(),
    annotate: options.annotate,
  }).map((rendering) =>
    rendering.then((target) => {
      log(`rendered ${target.target}${target.annotated ? ' with origins' : ''}${target.fromCache ? ' (cached)' : ''}${target.failures.length > 0 ? ' (failed)' : ''}`);
      return target;
    }),
  );
  // A caller that stops early (a usage error) leaves none of them unhandled; those who wait still see a failure.
  for (const rendering of each) rendering.catch(() => {});
  return each;
}

/**
 * Cross-object rules need the whole cluster: validating some overlays renders the repo's other
 * targets that deploy to the same environments, as context that is checked against but not
 * reported on.
 */
export function contextTargetsOf(targets: readonly string[], cwd: string, profiles: readonly ClusterProfile[]): string[] {
  if (targets.length === 0) return [];
  const normalise = (target: string) => path.relative(cwd, path.resolve(cwd, target));
  const asked = new Set(targets.map(normalise));
  const environments = new Set(targets.map((target) => environmentOf(normalise(target), profiles)?.environment));
  environments.delete(undefined);
  if (environments.size === 0) return [];
  return discoverTargets(cwd).filter(
    (target) => !asked.has(normalise(target)) && environments.has(environmentOf(target, profiles)?.environment),
  );
}
