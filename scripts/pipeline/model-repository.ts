import path from 'node:path';
import type { ClusterModel } from '../argocd/index.ts';
import { loadCheckConfig } from '../check/index.ts';
import { cacheDirectory } from '../core/cache-files.ts';
import { discoverTargets, SourceFiles } from '../render/index.ts';
import { createSchemaValidator } from '../validate/index.ts';
import { gitRevisionResolver } from './argocd-findings.ts';
import { modelArgocdClusters } from './argocd-models.ts';
import { cachesUsable } from './caches.ts';
import { loadClusterProfiles } from './environments.ts';
import { renderAll } from './render-all.ts';
import { loadRenderedTargets } from './rendered-manifests.ts';

/**
 * The Argo CD model of every cluster of the repository, rendered as `npm run validate` renders
 * (the real kustomize, sandboxed, through the render cache): for `npm run explain`.
 */
export async function modelRepository(options: { cwd: string; cache: boolean; log?: (line: string) => void }): Promise<ClusterModel[]> {
  const cwd = path.resolve(options.cwd);
  const log = options.log ?? (() => {});
  const cache = options.cache && cachesUsable(cwd, log);
  const validatorCache = cache ? cacheDirectory('validators') : false;
  const files = new SourceFiles(cwd);
  const { config } = loadCheckConfig(path.join(cwd, 'validate.config.yaml'), { validatorCache, repositoryRoot: cwd });
  const profiles = loadClusterProfiles(cwd, (absolute) => files.display(absolute), validatorCache).profiles;
  const versions = createSchemaValidator({ cacheDir: validatorCache }).kubernetesVersions();
  const loadContext = { profiles, versions, plainVersion: versions.at(-1) ?? '', parser: 'fast' as const, files };
  const settings = { cwd, cache, render: config.render, log, annotate: false };
  const renderMore = async (targets: readonly string[]) => loadRenderedTargets(await renderAll(targets, settings), loadContext);
  const loaded = await renderMore(discoverTargets(cwd));
  const { views } = await modelArgocdClusters(loaded, { cwd, profiles, renderMore, revisionExists: gitRevisionResolver(cwd) });
  return [...views.values()].map((view) => view.model);
}
