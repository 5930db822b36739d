import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../core/manifest.ts';
import { expandApplicationSet } from './applicationset.ts';
import { sameURL } from './project.ts';
import { groupOf, scopeOf, type CustomScopes } from './scope.ts';
import { record } from './values.ts';

/** Renders one directory as the repo-server would; `missing` when the directory does not exist. */
export type RenderFunction = (directory: string) => Promise<{ objects: KubeObject[]; failure?: string; missing?: boolean }>;

export interface ObjectKey { group: string; kind: string; namespace: string; name: string }

export interface ModelApplication {
  name: string;
  project: string;
  /** The sync-wave annotation as a number, or its text when Argo CD would not read it as an integer. */
  wave: number | string;
  sources: Record<string, unknown>[];
  destination: { server?: string; name?: string; namespace?: string };
  syncPolicy: { automated: boolean; prune: boolean; selfHeal: boolean; syncOptions: string[] };
  cascadeFinalizer: boolean;
  object: KubeObject;
  /** Directory whose render declared this Application (relative to the repository). */
  declaredIn: string;
  objects: { key: ObjectKey; object: KubeObject }[];
  /** Why a source did not render, one per failed source. */
  failures: string[];
  /** Per source, in order: whether its path exists in the repository, and why it did not render. */
  sourceResults: { pathExists: boolean; failure?: string }[];
  /** What of this Application the model does not follow (a Helm source, a kustomize field, depth). */
  notes: string[];
  /** The ApplicationSet that generates it, if one does. */
  fromApplicationSet?: string;
}

export interface ClusterModel {
  environment: string;
  /** What `clusters/<env>` renders: applied by hand, reconciled by no Application. */
  bootstrap: KubeObject[];
  /** ApplicationSets whose Applications could not all be told: Argo CD keeps what they generated before. */
  incompleteApplicationSets: string[];
  root: ModelApplication[];
  projects: KubeObject[];
  applications: ModelApplication[];
  unmodelled: string[];
}

const supportedKustomizeFields = new Set(['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'commonAnnotations']);

function waveOf(object: KubeObject): number | string {
  const text = object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0';
  return /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

function describeApplication(object: KubeObject, declaredIn: string): ModelApplication {
  const spec = record(object['spec']);
  const sources = Array.isArray(spec['sources']) ? spec['sources'].map(record) : spec['source'] === undefined ? [] : [record(spec['source'])];
  const syncPolicy = record(spec['syncPolicy']);
  const automated = syncPolicy['automated'] === undefined ? undefined : record(syncPolicy['automated']);
  const finalizers = Array.isArray(object.metadata['finalizers']) ? (object.metadata['finalizers'] as unknown[]) : [];
  return {
    name: object.metadata.name ?? '',
    project: typeof spec['project'] === 'string' && spec['project'] !== '' ? spec['project'] : 'default',
    wave: waveOf(object),
    sources,
    destination: record(spec['destination']),
    syncPolicy: {
      automated: automated !== undefined,
      prune: automated?.['prune'] === true,
      selfHeal: automated?.['selfHeal'] === true,
      syncOptions: Array.isArray(syncPolicy['syncOptions']) ? syncPolicy['syncOptions'].map(String) : [],
    },
    cascadeFinalizer: finalizers.some((f) => f === 'resources-finalizer.argocd.argoproj.io' || String(f).startsWith('resources-finalizer.argocd.argoproj.io/')),
    object,
    declaredIn,
    objects: [],
    failures: [],
    sourceResults: [],
    notes: [],
  };
}

/**
 * Renders one source as the repo-server does: the path itself, or (with `kustomize` fields) a
 * generated wrapper kustomization in a temporary directory that references the path and applies
 * the fields that `kustomize edit set namePrefix/nameSuffix/namespace` and `edit add label/annotation`
 * would write. Fields not modelled here are returned as notes.
 */
async function renderSource(
  repoRoot: string,
  source: Record<string, unknown>,
  render: RenderFunction,
): Promise<{ objects: KubeObject[]; failure?: string; missing?: boolean; notes: string[] }> {
  const sourcePath = typeof source['path'] === 'string' ? source['path'] : '';
  const notes: string[] = [];
  if (source['chart'] !== undefined || source['helm'] !== undefined) notes.push('Helm sources are not modelled');
  if (source['plugin'] !== undefined) notes.push('config management plugins are not modelled');
  const directory = path.resolve(repoRoot, sourcePath);
  const kustomize = record(source['kustomize']);
  const fields = Object.keys(kustomize);
  for (const field of fields) if (!supportedKustomizeFields.has(field)) notes.push(`spec.source.kustomize.${field} is not modelled: the render ignores it`);
  if (!fields.some((field) => supportedKustomizeFields.has(field))) return { ...(await render(directory)), notes };
  const wrapper = mkdtempSync(path.join(tmpdir(), 'argocd-source-'));
  try {
    const kustomization: Record<string, unknown> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [path.relative(wrapper, directory)] };
    for (const field of supportedKustomizeFields) if (kustomize[field] !== undefined) kustomization[field] = kustomize[field];
    writeFileSync(path.join(wrapper, 'kustomization.yaml'), JSON.stringify(kustomization));
    return { ...(await render(wrapper)), notes };
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

function customScopesOf(objects: readonly KubeObject[], base: CustomScopes): Map<string, 'Namespaced' | 'Cluster'> {
  const scopes = new Map(base);
  for (const object of objects) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = record(object['spec']);
    const scope = spec['scope'];
    if (scope === 'Namespaced' || scope === 'Cluster') scopes.set(`${String(spec['group'])}/${String(record(spec['names'])['kind'])}`, scope);
  }
  return scopes;
}

export interface ModelOptions {
  repoRoot: string;
  environment: string;
  render: RenderFunction;
  customScopes?: CustomScopes;
  /** Bound on app-of-apps depth. */
  maxDepth?: number;
}

/** The Argo CD model of one cluster: clusters/<env> → root Application(s) → … recursively. */
export async function modelCluster(options: ModelOptions): Promise<ClusterModel> {
  const { repoRoot, environment, render } = options;
  const clusterDir = path.join(repoRoot, 'clusters', environment);
  const model: ClusterModel = { environment, bootstrap: [], incompleteApplicationSets: [], root: [], projects: [], applications: [], unmodelled: [] };
  const bootstrap = await render(clusterDir);
  if (bootstrap.failure !== undefined) {
    model.unmodelled.push(`clusters/${environment} does not render: ${bootstrap.failure}`);
    return model;
  }
  model.bootstrap = bootstrap.objects;
  const declaredBootstrap = path.relative(repoRoot, clusterDir);
  const scopes = customScopesOf(bootstrap.objects, options.customScopes ?? new Map());
  const seen = new Set<string>();
  /** The Applications an ApplicationSet generated, by the set's name. */
  const generatedBy = new Map<KubeObject, string>();
  const visit = async (objects: readonly KubeObject[], declaredIn: string, depth: number, isRoot: boolean): Promise<void> => {
    const applications: KubeObject[] = [];
    for (const object of objects) {
      if (groupOf(object.apiVersion) !== 'argoproj.io') continue;
      if (object.kind === 'AppProject') model.projects.push(object);
      else if (object.kind === 'Application') applications.push(object);
      else if (object.kind === 'ApplicationSet') {
        const expanded = expandApplicationSet(object, { repoRoot, isThisRepository: (url) => model.root.some((app) => app.sources.some((source) => typeof source['repoURL'] === 'string' && sameURL(source['repoURL'], url))), clusterSecrets: bootstrap.objects });
        model.unmodelled.push(...expanded.notes);
        if (expanded.incomplete === true) model.incompleteApplicationSets.push(object.metadata.name ?? '');
        for (const generated of expanded.applications) generatedBy.set(generated, object.metadata.name ?? '');
        applications.push(...expanded.applications);
      }
    }
    for (const object of applications) {
      const app = describeApplication(object, declaredIn);
      const appSet = generatedBy.get(object);
      if (appSet !== undefined) app.fromApplicationSet = appSet;
      if (seen.has(app.name)) {
        model.unmodelled.push(`Application "${app.name}" is declared twice; the second (in ${declaredIn}) is not followed`);
        continue;
      }
      seen.add(app.name);
      (isRoot ? model.root : model.applications).push(app);
      for (const source of app.sources) {
        const rendered = await renderSource(repoRoot, source, render);
        const pathExists = rendered.missing !== true;
        app.sourceResults.push(rendered.failure === undefined ? { pathExists } : { pathExists, failure: rendered.failure });
        app.notes.push(...rendered.notes);
        model.unmodelled.push(...rendered.notes.map((note) => `${app.name}: ${note}`));
        if (rendered.failure !== undefined) {
          app.failures.push(rendered.failure);
          continue;
        }
        const sourceScopes = customScopesOf(rendered.objects, scopes);
        for (const child of rendered.objects) {
          const group = groupOf(child.apiVersion);
          const scope = scopeOf(group, child.kind, sourceScopes);
          const namespace = scope === 'Cluster' ? '' : (child.metadata.namespace ?? app.destination.namespace ?? '');
          app.objects.push({ key: { group, kind: child.kind, namespace, name: child.metadata.name ?? '' }, object: child });
        }
        if (depth < (options.maxDepth ?? 5)) {
          await visit(rendered.objects, typeof source['path'] === 'string' ? source['path'] : '', depth + 1, false);
        } else {
          const note = `app-of-apps deeper than ${String(options.maxDepth ?? 5)} levels is not followed`;
          app.notes.push(note);
          model.unmodelled.push(`${app.name}: ${note}`);
        }
      }
    }
  };
  await visit(bootstrap.objects, declaredBootstrap, 0, true);
  return model;
}
