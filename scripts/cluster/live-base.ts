import { ClusterView, instanceName, objectKeyText, trackedBy, type ClusterModel, type ModelApplication, type ObjectKey } from '../argocd/index.ts';
import type { KubeObject } from '../core/manifest.ts';
import { ClusterError, describeNetworkError, type ClusterConnection } from './connection.ts';
import { Discovery, DiscoveryFailure, type ServedResource } from './discovery.ts';
import { argocdFieldManager } from './dry-run.ts';
import { appliedState } from './live-fields.ts';
import { mapConcurrently } from '../core/concurrency.ts';

/** The kinds whose removal from Git the prune rule reports, listed to find what an Application tracks beyond Git. */
const listedKinds: ReadonlyArray<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'PersistentVolume' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'v1', kind: 'Namespace' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' },
];

export interface LiveBaseSummary {
  /** Desired objects the cluster has (the base of each). */
  live: number;
  /** Desired objects not in the cluster yet: created, so no update to refuse. */
  absent: number;
  /** Objects the environment's Applications track that Git no longer renders (listed kinds only). */
  trackedOnly: number;
  /** Live objects with no record of what Argo CD applied (no argocd-controller managed fields). */
  unrecorded: number;
  /** What could not be read, and why. */
  unread: string[];
}

/**
 * The live state of one environment as the base of the base-aware rules (argocd-immutable-field,
 * argocd-prune): a ClusterView with the environment's Applications that exist in the cluster, each
 * with the live objects it deploys or tracks. Read-only: one GET per desired object, and a LIST
 * of the data-holding kinds and of Applications in the namespaces the environment uses, to find
 * the objects an Application tracks (Argo CD's tracking id) that Git no longer renders, which its
 * next sync prunes. Each live object is reduced to what Argo CD applied of it (live-fields.ts),
 * so what the server added is no change.
 */
export async function liveBaseView(connection: ClusterConnection, head: ClusterView, options: { concurrency: number }): Promise<{ base: ClusterView; summary: LiveBaseSummary }> {
  const discovery = new Discovery(connection);
  const summary: LiveBaseSummary = { live: 0, absent: 0, trackedOnly: 0, unrecorded: 0, unread: [] };
  const applications = [...head.model.root, ...head.model.applications];
  const byInstance = new Map(applications.map((application) => [instanceName(application.name, application.object.metadata.namespace), application]));

  // GET each desired object, once per key, and each Application itself.
  const wanted = new Map<string, { key: ObjectKey; apiVersion: string }>();
  for (const application of applications) {
    const object = application.object;
    wanted.set(objectKeyText(applicationKey(application)), { key: applicationKey(application), apiVersion: object.apiVersion });
    // Secrets are read only as metadata: a GET would bring their data, so none is a base.
    for (const { key, object: desired } of application.objects) if (!(key.group === '' && key.kind === 'Secret')) wanted.set(objectKeyText(key), { key, apiVersion: desired.apiVersion });
  }
  const liveByKey = new Map<string, KubeObject>();
  await mapConcurrently([...wanted.values()], options.concurrency, async ({ key, apiVersion }) => {
    const live = await getObject(connection, discovery, apiVersion, key, summary);
    if (live === undefined) return;
    liveByKey.set(objectKeyText(key), live);
  });

  // LIST what Git may have dropped: the data-holding kinds and Applications, tracked by this environment's Applications.
  const namespaces = new Set<string>();
  for (const application of applications) {
    namespaces.add(application.object.metadata.namespace ?? 'argocd');
    if (application.destination.namespace) namespaces.add(application.destination.namespace);
    for (const { key } of application.objects) if (key.namespace !== '') namespaces.add(key.namespace);
  }
  const trackedOnly = new Map<string, Array<{ key: ObjectKey; object: KubeObject }>>();
  await mapConcurrently(listedKinds.flatMap((listed) => [...namespaces, ''].map((namespace) => ({ ...listed, namespace }))), options.concurrency, async ({ apiVersion, kind, namespace }) => {
    for (const item of await listObjects(connection, discovery, apiVersion, kind, namespace, summary)) {
      const instance = trackedBy(item, namespace !== '');
      const application = instance === undefined ? undefined : byInstance.get(instance);
      const key = keyOf(item);
      // An object already being deleted goes whatever the next sync does: no prune this change causes.
      if (application === undefined || wanted.has(objectKeyText(key)) || item.metadata.deletionTimestamp !== undefined) continue;
      const applied = appliedState(item, argocdFieldManager);
      if (applied === undefined) continue;
      const list = trackedOnly.get(application.name) ?? [];
      if (!list.some((entry) => objectKeyText(entry.key) === objectKeyText(key))) list.push({ key, object: applied });
      trackedOnly.set(application.name, list);
    }
  });

  const based = (application: ModelApplication): ModelApplication | undefined => {
    if (!liveByKey.has(objectKeyText(applicationKey(application)))) return undefined; // not in the cluster yet
    const objects: ModelApplication['objects'] = [];
    for (const { key } of application.objects) {
      const live = liveByKey.get(objectKeyText(key));
      if (live === undefined) continue;
      const applied = appliedState(live, argocdFieldManager);
      if (applied === undefined) {
        summary.unrecorded++;
        continue;
      }
      objects.push({ key, object: applied });
    }
    const extra = trackedOnly.get(application.name) ?? [];
    summary.trackedOnly += extra.length;
    return { ...application, objects: [...objects, ...extra] };
  };
  for (const { key } of wanted.values()) if (!liveByKey.has(objectKeyText(key))) summary.absent++;
  summary.live = liveByKey.size;
  const model: ClusterModel = {
    ...head.model,
    root: head.model.root.map(based).filter((application) => application !== undefined),
    applications: head.model.applications.map(based).filter((application) => application !== undefined),
  };
  return { base: new ClusterView(model, new Map(), head.revisionExists, head.allowsExpansion), summary };
}

function applicationKey(application: ModelApplication): ObjectKey {
  return { group: 'argoproj.io', kind: 'Application', namespace: application.object.metadata.namespace ?? 'argocd', name: application.name };
}

function keyOf(object: KubeObject): ObjectKey {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
  return { group, kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' };
}

async function resourceOf(discovery: Discovery, apiVersion: string, kind: string, summary: LiveBaseSummary): Promise<ServedResource | undefined> {
  try {
    return await discovery.lookup(apiVersion, kind);
  } catch (error) {
    summary.unread.push(`${apiVersion} ${kind}: discovery ${error instanceof DiscoveryFailure ? `failed (${error.message})` : `got no answer (${describeNetworkError(error)})`}`);
    return undefined;
  }
}

async function getObject(connection: ClusterConnection, discovery: Discovery, apiVersion: string, key: ObjectKey, summary: LiveBaseSummary): Promise<KubeObject | undefined> {
  const resource = await resourceOf(discovery, apiVersion, key.kind, summary);
  if (resource === undefined) return undefined;
  if (key.name === '' || /[/%]/.test(key.name) || key.name === '.' || key.name === '..') return undefined;
  const namespace = key.namespace === '' ? 'default' : key.namespace;
  const path = `${resource.prefix}${resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource.plural}/${encodeURIComponent(key.name)}`;
  const response = await read(connection, path, summary, `${key.kind} ${key.namespace === '' ? '' : `${key.namespace}/`}${key.name}`);
  if (response === undefined || response.status === 404) return undefined;
  if (response.status !== 200) {
    summary.unread.push(`${key.kind} ${key.name}: HTTP ${response.status}`);
    return undefined;
  }
  return JSON.parse(response.body) as KubeObject;
}

async function listObjects(connection: ClusterConnection, discovery: Discovery, apiVersion: string, kind: string, namespace: string, summary: LiveBaseSummary): Promise<KubeObject[]> {
  const resource = await resourceOf(discovery, apiVersion, kind, summary);
  // Namespaced kinds are listed per namespace, cluster-scoped ones once (namespace '').
  if (resource === undefined || resource.namespaced !== (namespace !== '')) return [];
  const path = `${resource.prefix}${resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource.plural}`;
  const response = await read(connection, path, summary, `${kind} list${namespace === '' ? '' : ` in ${namespace}`}`);
  if (response === undefined || response.status === 404) return [];
  if (response.status !== 200) {
    summary.unread.push(`${kind} list${namespace === '' ? '' : ` in ${namespace}`}: HTTP ${response.status}`);
    return [];
  }
  const list = JSON.parse(response.body) as { items?: KubeObject[] };
  // A list's items carry no apiVersion and kind of their own.
  return (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
}

async function read(connection: ClusterConnection, path: string, summary: LiveBaseSummary, what: string): Promise<{ status: number; body: string } | undefined> {
  try {
    return await connection.send('GET', path);
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    summary.unread.push(`${what}: ${describeNetworkError(error)}`);
    return undefined;
  }
}

/** The run's log line about the live base. */
export function describeLiveBase(environment: string, summary: LiveBaseSummary): string {
  return (
    `cluster: the base of ${environment}'s base-aware rules is the cluster: ${summary.live} live objects, ${summary.absent} not in the cluster yet, ` +
    `${summary.trackedOnly} tracked by its Applications and gone from Git` +
    (summary.unrecorded === 0 ? '' : `, ${summary.unrecorded} with no record of what Argo CD applied (left out)`) +
    (summary.unread.length === 0 ? '' : `; not read: ${summary.unread.join('; ')}`)
  );
}
