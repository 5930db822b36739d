import type { ClusterConnection } from './connection.ts';
import { describeNetworkError } from './connection.ts';
import { list, record } from '../core/json-values.ts';
import { mapConcurrently } from '../core/concurrency.ts';

/** One answer of the cluster: its value, or why it could not be read (a failed request, a refusal). */
export type Answer<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface LiveVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

/** What the profile check reads of a Node: its labels, taints and status.allocatable. */
export interface LiveNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value: string; effect: string }[];
  allocatable: Record<string, string>;
}

export interface LiveStorageClass {
  name: string;
  /** The storageclass.kubernetes.io/is-default-class annotation is "true" (or its beta predecessor). */
  isDefault: boolean;
  /** As the API server defaults it: Immediate when unset. */
  volumeBindingMode: string;
  /** As the API server defaults it: Delete when unset. */
  reclaimPolicy: string;
  /** Unset is false. */
  allowVolumeExpansion: boolean;
}

export interface LiveCrd {
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: string;
  /** The versions the server serves (served: true, the CRD Established), the preferred one first. */
  served: string[];
}

/** What the cluster says, as far as the profile check needs it. */
export interface ClusterState {
  version: Answer<LiveVersion>;
  nodes: Answer<LiveNode[]>;
  storageClasses: Answer<LiveStorageClass[]>;
  ingressClasses: Answer<string[]>;
  crds: Answer<LiveCrd[]>;
  /**
   * Where the profile's External Secrets store is missing: [] when it is everywhere it is needed,
   * [''] when a ClusterSecretStore (or a SecretStore looked for in any namespace) is not there,
   * else the namespaces without the SecretStore. Undefined when the profile names none.
   */
  store: Answer<{ missingIn: string[] }> | undefined;
}

type Json = Record<string, unknown>;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value))) if (typeof entry === 'string') out[key] = entry;
  return out;
}

/** Runs the tasks with at most `limit` in flight (the client-side rate limit). */
const bounded = <T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> => mapConcurrently(tasks, limit, (task) => task());

const metadataOnly = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
const metadataListOnly = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

/** GET path, parsed; a refusal or a failed request is the reason it could not be read. */
async function read(connection: ClusterConnection, path: string, accept = 'application/json'): Promise<Answer<Json> & { status?: number }> {
  let response;
  try {
    response = await connection.send('GET', path, undefined, 'application/json', accept);
  } catch (error) {
    return { ok: false, reason: `GET ${path}: ${describeNetworkError(error)}` };
  }
  if (response.status !== 200) {
    const why = response.status === 403 ? ' (forbidden for this identity: see rbac/validate-readonly.yaml)' : response.status === 401 ? ' (the credentials were refused)' : '';
    return { ok: false, reason: `GET ${path}: HTTP ${response.status}${why}`, status: response.status };
  }
  try {
    return { ok: true, value: record(JSON.parse(response.body)) };
  } catch {
    return { ok: false, reason: `GET ${path}: the answer is not JSON` };
  }
}

/** A list read 500 items a page (limit and continue), as one answer with every item: a large cluster's Nodes are not one response of many megabytes. */
async function readPages(connection: ClusterConnection, path: string): Promise<Answer<Json>> {
  const items: unknown[] = [];
  let token = '';
  do {
    const page = await read(connection, `${path}?limit=500${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}`);
    if (!page.ok) return page;
    items.push(...list(page.value.items));
    token = text(record(page.value.metadata).continue);
  } while (token !== '');
  return { ok: true, value: { items } };
}

function map<T>(answer: Answer<Json>, convert: (body: Json) => T): Answer<T> {
  return answer.ok ? { ok: true, value: convert(answer.value) } : answer;
}

function node(item: unknown): LiveNode {
  const object = record(item);
  const metadata = record(object.metadata);
  return {
    name: text(metadata.name),
    labels: strings(metadata.labels),
    taints: list(record(object.spec).taints).map((taint) => ({ key: text(record(taint).key), value: text(record(taint).value), effect: text(record(taint).effect) })),
    allocatable: strings(record(object.status).allocatable),
  };
}

function storageClass(item: unknown): LiveStorageClass {
  const object = record(item);
  const metadata = record(object.metadata);
  const annotations = strings(metadata.annotations);
  return {
    name: text(metadata.name),
    isDefault: annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true',
    volumeBindingMode: text(object.volumeBindingMode) || 'Immediate',
    reclaimPolicy: text(object.reclaimPolicy) || 'Delete',
    allowVolumeExpansion: object.allowVolumeExpansion === true,
  };
}

/** Aggregated discovery (apidiscovery.k8s.io/v2, GA since Kubernetes 1.30): every group, version and resource in one answer. */
const aggregatedDiscovery = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/**
 * The custom kinds the server serves, from discovery rather than the CRD objects: discovery is
 * what the API server accepts (a version with served: false, or a CRD not yet Established, is not
 * in it), and it is tens of kilobytes where the list of CRDs with their schemas is megabytes. A
 * CRD's name is always <plural>.<group>. One request with aggregated discovery; a server that
 * answers /apis with a plain APIGroupList gets one request per group version.
 */
async function servedKinds(groups: Answer<Json>, connection: ClusterConnection, concurrency: number): Promise<Answer<LiveCrd[]>> {
  const kinds = new Map<string, LiveCrd>();
  const add = (group: string, version: string, resource: unknown, kind: string, namespaced: boolean): void => {
    const plural = text(resource);
    if (group === '' || kind === '' || plural === '' || plural.includes('/')) return;
    const key = `${group}/${kind}`;
    const known = kinds.get(key);
    if (known === undefined) kinds.set(key, { name: `${plural}.${group}`, group, kind, plural, scope: namespaced ? 'Namespaced' : 'Cluster', served: [version] });
    else if (!known.served.includes(version)) known.served.push(version);
  };
  if (!groups.ok) return groups;
  if (groups.value.kind === 'APIGroupDiscoveryList') {
    for (const item of list(groups.value.items).map(record)) {
      for (const version of list(item.versions).map(record)) {
        for (const resource of list(version.resources).map(record)) {
          add(text(record(item.metadata).name), text(version.version), resource.resource, text(record(resource.responseKind).kind), resource.scope === 'Namespaced');
        }
      }
    }
    return { ok: true, value: [...kinds.values()] };
  }
  const groupVersions = list(groups.value.groups).flatMap((group) => list(record(group).versions).map((version) => ({ group: text(record(group).name), version: text(record(version).version), path: `/apis/${text(record(version).groupVersion)}` })));
  const answers = await bounded(groupVersions.map(({ path }) => () => read(connection, path)), concurrency);
  for (const [index, answer] of answers.entries()) {
    if (!answer.ok) return answer;
    const { group, version } = groupVersions[index]!;
    for (const resource of list(answer.value.resources).map(record)) add(group, version, resource.name, text(resource.kind), resource.namespaced === true);
  }
  return { ok: true, value: [...kinds.values()] };
}

/** The served custom kinds on their own: through aggregated discovery, or (aggregated: false) group version by group version as a server without it answers. */
export async function readServedKinds(connection: ClusterConnection, options: { concurrency: number; aggregated: boolean }): Promise<Answer<LiveCrd[]>> {
  return servedKinds(await read(connection, '/apis', options.aggregated ? aggregatedDiscovery : 'application/json'), connection, options.concurrency);
}

/**
 * Reads what the profile is compared with: /version, the Nodes, StorageClasses and IngressClasses
 * (lists), the served custom kinds (discovery), then the External Secrets store by its metadata only. Only GETs; at most
 * `concurrency` at a time. A request that fails leaves its part unanswered, with the reason.
 */
export async function readClusterState(connection: ClusterConnection, options: { concurrency: number; store: StoreRequest | undefined }): Promise<ClusterState> {
  const [version, nodes, storageClasses, ingressClasses, discovery] = await bounded(
    [
      () => read(connection, '/version'),
      () => readPages(connection, '/api/v1/nodes'),
      () => read(connection, '/apis/storage.k8s.io/v1/storageclasses'),
      () => read(connection, '/apis/networking.k8s.io/v1/ingressclasses', metadataListOnly),
      () => read(connection, '/apis', aggregatedDiscovery),
    ],
    options.concurrency,
  );
  const crds = await servedKinds(discovery!, connection, options.concurrency);
  const state: ClusterState = {
    version: map(version!, (body) => ({ major: text(body.major), minor: text(body.minor), gitVersion: text(body.gitVersion) })),
    nodes: map(nodes!, (body) => list(body.items).map(node)),
    storageClasses: map(storageClasses!, (body) => list(body.items).map(storageClass)),
    ingressClasses: map(ingressClasses!, (body) => list(body.items).map((item) => text(record(record(item).metadata).name))),
    crds,
    store: undefined,
  };
  if (options.store !== undefined) state.store = await readStore(connection, options.store, state.crds, options.concurrency);
  return state;
}

/** The profile's store; for a SecretStore, the namespaces of the environment's ExternalSecrets that reference it. */
export interface StoreRequest {
  kind: string;
  name: string;
  namespaces?: readonly string[];
}

/**
 * Where the store is missing, by the external-secrets.io kind the server serves, its metadata
 * only: a ClusterSecretStore by name; a SecretStore in each namespace whose ExternalSecrets use
 * it (namespaced: one in another namespace does not serve them), or in any namespace when the
 * environment's objects name none.
 */
async function readStore(connection: ClusterConnection, store: StoreRequest, crds: Answer<LiveCrd[]>, concurrency: number): Promise<Answer<{ missingIn: string[] }>> {
  if (!crds.ok) return { ok: false, reason: `its CRD could not be read (${crds.reason})` };
  const definition = crds.value.find((entry) => entry.group === 'external-secrets.io' && entry.kind === store.kind);
  const version = definition?.served[0];
  if (definition === undefined || version === undefined) return { ok: true, value: { missingIn: [''] } };
  const base = `/apis/${definition.group}/${version}`;
  const name = encodeURIComponent(store.name);
  const namespaces = definition.scope === 'Cluster' ? [undefined] : (store.namespaces ?? []);
  if (namespaces.length === 0) {
    const answer = await read(connection, `${base}/${definition.plural}?fieldSelector=${encodeURIComponent(`metadata.name=${store.name}`)}`, metadataListOnly);
    return map(answer, (body) => ({ missingIn: list(body.items).length > 0 ? [] : [''] }));
  }
  const answers = await bounded(
    namespaces.map((namespace) => () => read(connection, `${base}/${namespace === undefined ? '' : `namespaces/${encodeURIComponent(namespace)}/`}${definition.plural}/${name}`, metadataOnly)),
    concurrency,
  );
  const missingIn: string[] = [];
  for (const [index, answer] of answers.entries()) {
    if (answer.ok) continue;
    if (answer.status !== 404) return answer;
    missingIn.push(namespaces[index] ?? '');
  }
  return { ok: true, value: { missingIn } };
}
