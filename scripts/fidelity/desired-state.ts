/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   Manifests are edited and read field by field at any depth (KubeObject): deliberately untyped. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { groupOf, type ClusterModel } from '../argocd/index.ts';
import { modelRepository } from '../pipeline/index.ts';
import type { ApiTarget } from '../control-plane/api-request.ts';
import type { ApiResources } from './api-resources.ts';
import type { KubeObject } from './baselines.ts';
import { argocdApplied, ensureNamespace, serverSideApply, type ServerVerdict } from './dry-run.ts';

/** gitops-engine's kind order inside one wave (sync_tasks.go, after Helm's kind sorter); other kinds last. */
const kindOrder = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList',
  'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod',
  'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'APIService',
];
const kindRank = (kind: string) => {
  const index = kindOrder.indexOf(kind);
  return index < 0 ? kindOrder.length : index;
};

function waveOf(object: KubeObject): number {
  const text = String(object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0').trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : 0;
}

export interface DesiredObject {
  environment: string;
  /** The Application that syncs it, or `clusters/<env>` for the bootstrap applied by hand. */
  source: string;
  object: KubeObject;
  /** Namespaces Argo CD creates itself for an Application with CreateNamespace=true. */
  createdByArgoCD?: true;
}

/** Every environment under clusters/ (a directory with a kustomization). */
export function environments(repoRoot: string): string[] {
  const dir = path.join(repoRoot, 'clusters');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((name) => existsSync(path.join(dir, entry.name, name))))
    .map((entry) => entry.name)
    .sort();
}

const sortKey = (entry: { wave: number; object: KubeObject }) => [entry.wave, kindRank(String(entry.object.kind)), String(entry.object.metadata?.name ?? '')] as const;
const byWave = (a: { wave: number; object: KubeObject }, b: { wave: number; object: KubeObject }) => {
  const [wa, ka, na] = sortKey(a);
  const [wb, kb, nb] = sortKey(b);
  return wa - wb || ka - kb || na.localeCompare(nb);
};

/** The repository's models, rendered once for every environment asked about. */
let modelsOfRepository: Promise<ClusterModel[]> | undefined;

/**
 * The desired state of one environment, as the toolkit's Argo CD model renders it (the real
 * kustomize, as the repo-server runs it, through the render stage): the bootstrap of clusters/<env>, then each
 * Application's objects in the order Argo CD applies them (Applications by their wave, inside one
 * by wave, kind order and name), with the destination namespace set where the render leaves
 * none, and the namespace Argo CD creates for CreateNamespace=true.
 */
export async function desiredState(repoRoot: string, environment: string): Promise<{ objects: DesiredObject[]; notes: string[] }> {
  modelsOfRepository ??= modelRepository({ cwd: repoRoot, cache: true });
  const model = (await modelsOfRepository).find((candidate) => candidate.environment === environment);
  if (model === undefined) return { objects: [], notes: [`no cluster ${environment} in ${repoRoot}`] };
  const notes = [...model.unmodelled];
  const out: DesiredObject[] = [];
  const seen = new Set<string>();
  const push = (source: string, object: KubeObject, extra: Partial<DesiredObject> = {}) => {
    const key = `${groupOf(String(object.apiVersion))}/${String(object.kind)}/${String(object.metadata?.namespace ?? '')}/${String(object.metadata?.name ?? '')}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ environment, source, object, ...extra });
  };
  for (const entry of model.bootstrap.map((object) => ({ wave: waveOf(structuredClone(object) as KubeObject), object: structuredClone(object) })).sort(byWave)) push(`clusters/${environment}`, entry.object);
  const applications = [...model.root, ...model.applications];
  const ordered = applications.map((app, index) => ({ app, index })).sort((a, b) => (typeof a.app.wave === 'number' ? a.app.wave : 0) - (typeof b.app.wave === 'number' ? b.app.wave : 0) || a.index - b.index);
  for (const { app } of ordered) {
    for (const failure of app.failures) notes.push(`${app.name}: ${failure}`);
    const namespace = app.destination.namespace;
    if (app.syncPolicy.syncOptions.includes('CreateNamespace=true') && namespace !== undefined && namespace !== '') {
      const managed = (app.object['spec'] as { syncPolicy?: { managedNamespaceMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } } | undefined)?.syncPolicy?.managedNamespaceMetadata;
      push(app.name, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, ...(managed?.labels ? { labels: managed.labels } : {}), ...(managed?.annotations ? { annotations: managed.annotations } : {}) } }, { createdByArgoCD: true });
    }
    const objects = app.objects.map(({ key, object }) => {
      const copy: KubeObject = structuredClone(object);
      if (key.namespace !== '' && copy.metadata.namespace === undefined) copy.metadata.namespace = key.namespace;
      return { wave: waveOf(copy), object: copy };
    });
    for (const entry of objects.sort(byWave)) push(app.name, entry.object);
  }
  return { objects: out, notes };
}

export interface DesiredResult {
  environment: string;
  source: string;
  kind: string;
  namespace: string;
  name: string;
  server: ServerVerdict;
  offlineFindings: Array<{ pointer: string; message: string }>;
}

/**
 * Submits one environment's desired state in sync order: every Namespace and CRD first (a
 * dry-run apply for the verdict, then a real apply, so that what follows has them), then every
 * other object as a dry-run apply. Namespaces the state uses but nothing in it creates (Argo CD's
 * own) are created first and reported.
 */
export async function submitDesiredState(
  target: ApiTarget,
  resources: ApiResources,
  objects: readonly DesiredObject[],
  validate: (object: KubeObject) => Array<{ pointer: string; message: string }>,
): Promise<{ results: DesiredResult[]; preexisting: string[] }> {
  const results: DesiredResult[] = [];
  const first = objects.filter(({ object }) => object.kind === 'Namespace' || object.kind === 'CustomResourceDefinition');
  const rest = objects.filter((entry) => !first.includes(entry));
  const declared = new Set(first.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => String(object.metadata?.name)));
  const used = new Set(rest.flatMap(({ object }) => (typeof object.metadata?.namespace === 'string' && resources.lookup(object.apiVersion, object.kind)?.namespaced !== false ? [object.metadata.namespace as string] : [])));
  const preexisting = [...used].filter((name) => !declared.has(name)).sort();
  for (const name of preexisting) await ensureNamespace(target, name);
  const record = (entry: DesiredObject, server: ServerVerdict) =>
    results.push({
      environment: entry.environment,
      source: entry.source,
      kind: String(entry.object.kind),
      namespace: String(entry.object.metadata?.namespace ?? ''),
      name: String(entry.object.metadata?.name ?? ''),
      server,
      offlineFindings: entry.createdByArgoCD ? [] : validate(entry.object),
    });
  const apply = (object: KubeObject, dryRun: boolean) => {
    const applied = argocdApplied(object);
    return applied.refusal ?? serverSideApply(target, resources, applied.object, { dryRun });
  };
  let crds = false;
  for (const entry of first) {
    const verdict = await apply(entry.object, true);
    record(entry, verdict);
    if (verdict.accepted) await apply(entry.object, false);
    crds ||= entry.object.kind === 'CustomResourceDefinition';
  }
  if (crds) await resources.refresh();
  for (const entry of rest) record(entry, await apply(entry.object, true));
  return { results, preexisting };
}
