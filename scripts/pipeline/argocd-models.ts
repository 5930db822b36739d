import { existsSync } from 'node:fs';
import path from 'node:path';
import { ClusterView, modelCluster, type RenderFunction } from '../argocd/index.ts';
import type { Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import type { RenderedTarget } from '../render/index.ts';
import type { ClusterProfile } from './environments.ts';

export interface LoadedTarget {
  target: RenderedTarget;
  manifests: Manifest[];
  findings: Finding[];
}

export interface ArgocdModelContext {
  cwd: string;
  profiles: readonly ClusterProfile[];
  /** Renders and loads directories no target of the run covers (an Application source elsewhere). */
  renderMore: (targets: readonly string[]) => Promise<LoadedTarget[]>;
  /** Whether a targetRevision exists in the repository (undefined: cannot tell). */
  revisionExists: (revision: string) => boolean | undefined;
}

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The Argo CD model of every cluster with a profile and a `clusters/<env>` directory, built from
 * the objects the run already rendered and loaded (so a rule that holds an object finds the
 * Applications deploying it by identity); a source directory no target covers is rendered
 * through the same sandboxed, cached render stage. Also returns every directory some
 * Application renders, so that the pipeline can say which targets none deploys.
 */
export async function modelArgocdClusters(
  loaded: readonly LoadedTarget[],
  context: ArgocdModelContext,
): Promise<{ views: Map<string, ClusterView>; deployed: ReadonlySet<string> }> {
  const { cwd } = context;
  const byDirectory = new Map<string, LoadedTarget>();
  for (const target of loaded) byDirectory.set(path.resolve(cwd, target.target.target), target);

  const render: RenderFunction = async (directory) => {
    const absolute = path.resolve(cwd, directory);
    let target = byDirectory.get(absolute);
    if (target === undefined) {
      const relative = path.relative(cwd, absolute);
      if (relative.startsWith('..') || path.isAbsolute(relative)) return { objects: [], failure: `${directory} is outside the repository` };
      if (!existsSync(absolute)) return { objects: [], missing: true, failure: `${relative} does not exist` };
      if (!kustomizationNames.some((name) => existsSync(path.join(absolute, name)))) {
        return { objects: [], failure: `${relative === '' ? 'the repository root' : relative} has no kustomization: Argo CD would apply its YAML files as a plain directory, which the model does not follow` };
      }
      [target] = await context.renderMore([relative]);
      if (target === undefined) return { objects: [], failure: `${relative} did not render` };
      byDirectory.set(absolute, target);
    }
    if (target.target.output === undefined) {
      const reason = target.target.failures[0]?.message ?? 'kustomize build failed';
      return { objects: [], failure: reason };
    }
    return { objects: target.manifests.map((manifest) => manifest.object) };
  };

  const views = new Map<string, ClusterView>();
  /** Absolute directories some Application of some cluster renders. */
  const deployed = new Set<string>();
  for (const profile of context.profiles) {
    if (!existsSync(path.join(cwd, 'clusters', profile.environment))) continue;
    const customScopes = new Map(profile.customResourceDefinitions.map((crd) => [`${crd.group}/${crd.kind}`, crd.scope] as const));
    const model = await modelCluster({ repoRoot: cwd, environment: profile.environment, render, customScopes });
    for (const application of [...model.root, ...model.applications]) {
      for (const source of application.sources) {
        if (typeof source['path'] === 'string') deployed.add(path.resolve(cwd, source['path']));
      }
    }
    const view = new ClusterView(model, customScopes, context.revisionExists, storageExpansion(profile));
    view.facts = profile.facts;
    if (profile.argocd !== undefined) view.projectOptions = { argocdVersion: profile.argocd.version };
    views.set(profile.environment, view);
  }
  for (const view of views.values()) view.others = [...views.values()].filter((other) => other !== view);
  return { views, deployed };
}

/** `allowVolumeExpansion` of the cluster's StorageClasses, from its profile (the default class for a claim that names none). */
export function storageExpansion(profile: ClusterProfile | undefined): (storageClass: string | undefined) => boolean | undefined {
  return (storageClass) => {
    const classes = profile?.storageClasses ?? [];
    const found = storageClass === undefined ? classes.find((candidate) => candidate.default) : classes.find((candidate) => candidate.name === storageClass);
    return found?.allowVolumeExpansion;
  };
}
