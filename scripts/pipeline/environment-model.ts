import path from 'node:path';
import type { ClusterView } from '../argocd/index.ts';
import { loadCheckConfig } from '../check/index.ts';
import { cacheDirectory } from '../core/cache-files.ts';
import type { SourceLocation } from '../core/diagnostic.ts';
import type { KubeObject, Manifest } from '../core/manifest.ts';
import { locateFindingsAndFields } from '../locate/index.ts';
import { discoverTargets, SourceFiles } from '../render/index.ts';
import { createSchemaValidator } from '../validate/index.ts';
import { gitRevisionResolver } from './argocd-findings.ts';
import { modelArgocdClusters } from './argocd-models.ts';
import { cachesUsable } from './caches.ts';
import { loadClusterProfiles, type ClusterProfile } from './environments.ts';
import { renderAll } from './render-all.ts';
import { loadRenderedTargets } from './rendered-manifests.ts';

/** Every cluster's Argo CD model with what is needed to say where a field of a deployed object is declared. */
export interface EnvironmentModels {
  views: ReadonlyMap<string, ClusterView>;
  profiles: readonly ClusterProfile[];
  /** The manifest an object of the models was loaded as (by identity). */
  manifestOf(object: KubeObject): Manifest | undefined;
  /**
   * The file and line each field (an object of the models and a JSON pointer in it) is declared at, in order;
   * undefined where it cannot be told. The targets involved are rendered again once, with origins.
   */
  locate(fields: ReadonlyArray<{ object: KubeObject; pointer: string }>): Promise<Array<SourceLocation | undefined>>;
}

/**
 * The Argo CD model of every cluster of the repository, rendered and loaded as `npm run validate`
 * renders (the real kustomize, sandboxed, through the render cache), for the stages that compare
 * it with a live cluster (`npm run drift`).
 */
export async function modelEnvironments(options: { cwd: string; cache: boolean; log?: (line: string) => void }): Promise<EnvironmentModels> {
  const cwd = path.resolve(options.cwd);
  const log = options.log ?? (() => {});
  const cache = options.cache && cachesUsable(cwd, log);
  const validatorCache = cache ? cacheDirectory('validators') : false;
  const files = new SourceFiles(cwd);
  const { config } = loadCheckConfig(path.join(cwd, 'validate.config.yaml'), { validatorCache, repositoryRoot: cwd });
  const profiles = loadClusterProfiles(cwd, (absolute) => files.display(absolute), validatorCache).profiles;
  const versions = createSchemaValidator({ cacheDir: validatorCache }).kubernetesVersions();
  const loadContext = { profiles, versions, plainVersion: versions.at(-1) ?? '', parser: 'fast' as const, files };
  const settings = { cwd, cache, render: config.render, log };
  const manifests = new Map<object, Manifest>();
  // Every target loaded, the discovered ones and the Application sources outside them: the model's objects are theirs.
  const renderMore = async (targets: readonly string[]) => {
    const loaded = loadRenderedTargets(await renderAll(targets, { ...settings, annotate: false }), loadContext);
    for (const target of loaded) for (const manifest of target.manifests) manifests.set(manifest.object, manifest);
    return loaded;
  };
  const loaded = await renderMore(discoverTargets(cwd));
  const { views } = await modelArgocdClusters(loaded, { cwd, profiles, renderMore, revisionExists: gitRevisionResolver(cwd) });
  const renderWithOrigins = async (targets: readonly string[]) => {
    const again = loadRenderedTargets(await renderAll(targets, { ...settings, annotate: true }), loadContext);
    return new Map(again.map((target) => [target.target.target, target.manifests]));
  };
  return {
    views,
    profiles,
    manifestOf: (object) => manifests.get(object),
    async locate(fields) {
      const known = fields.flatMap((field, index) => {
        const subject = manifests.get(field.object);
        return subject === undefined ? [] : [{ index, field: { subject, pointer: field.pointer } }];
      });
      const out: Array<SourceLocation | undefined> = fields.map(() => undefined);
      try {
        const { places } = await locateFindingsAndFields([], known.map((entry) => entry.field), renderWithOrigins);
        known.forEach((entry, position) => (out[entry.index] = places[position]));
      } catch {
        // A target that does not render again with origins leaves its fields unplaced, not the run failed.
      }
      return out;
    },
  };
}
