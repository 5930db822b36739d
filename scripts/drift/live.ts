import { ClusterError, describeNetworkError, Discovery, type ClusterConnection } from '../cluster/index.ts';

export type LiveObject = Record<string, unknown> & { metadata?: LiveMetadata };
export interface LiveMetadata {
  name?: string;
  namespace?: string;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Metadata only (PartialObjectMetadata): what Secrets are read as, and every list of the namespace scan. */
const metadataOnly = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const metadataListOnly = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** Kinds whose objects are read as metadata only: their data is never fetched. */
const metadataOnlyKinds = new Set(['v1/Secret']);

/** What could not be read, said in the report instead of failing the run. */
export interface Unchecked {
  what: string;
  why: string;
}

/** Read-only access to the live objects: GETs and LISTs, at most `concurrency` at a time. */
export class LiveReader {
  private readonly discovery: Discovery;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  readonly unchecked: Unchecked[] = [];

  constructor(
    private readonly connection: ClusterConnection,
    private readonly concurrency: number,
  ) {
    this.discovery = new Discovery(connection);
  }

  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async request(path: string, accept: string): Promise<{ status: number; body: string }> {
    return this.slot(async () => {
      try {
        return await this.connection.send('GET', path, undefined, undefined, accept);
      } catch (error) {
        if (error instanceof ClusterError) throw error;
        throw new ClusterError(`--cluster ${this.connection.context}: GET ${path}: ${describeNetworkError(error)}`);
      }
    });
  }

  /** The path of a kind's objects (in a namespace when it is namespaced); undefined when the server does not serve it. */
  async collection(apiVersion: string, kind: string, namespace: string): Promise<{ path: string; namespaced: boolean } | undefined> {
    let served;
    try {
      served = await this.slot(() => this.discovery.lookup(apiVersion, kind));
    } catch (error) {
      this.unchecked.push({ what: `${apiVersion} ${kind}`, why: `discovery failed: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
    if (served === undefined) return undefined;
    return { path: served.namespaced ? `${served.prefix}/namespaces/${encodeURIComponent(namespace)}/${served.plural}` : `${served.prefix}/${served.plural}`, namespaced: served.namespaced };
  }

  /** One object; null when it does not exist; undefined when it could not be read (recorded in `unchecked`). */
  async get(apiVersion: string, kind: string, namespace: string, name: string): Promise<LiveObject | null | undefined> {
    const what = `${kind} ${namespace === '' ? '' : `${namespace}/`}${name}`;
    const collection = await this.collection(apiVersion, kind, namespace);
    if (collection === undefined) {
      this.unchecked.push({ what, why: `the server does not serve ${apiVersion} ${kind}` });
      return undefined;
    }
    const response = await this.request(`${collection.path}/${encodeURIComponent(name)}`, metadataOnlyKinds.has(`${apiVersion}/${kind}`) ? metadataOnly : 'application/json');
    if (response.status === 404) return null;
    if (response.status !== 200) {
      this.unchecked.push({ what, why: `GET answered HTTP ${response.status}${response.status === 403 ? ' (Forbidden: the identity may not read it)' : ''}` });
      return undefined;
    }
    return JSON.parse(response.body) as LiveObject;
  }

  /** The metadata of every object of a kind in a namespace; undefined when it could not be listed. */
  async listMetadata(apiVersion: string, kind: string, namespace: string): Promise<LiveMetadata[] | undefined> {
    const collection = await this.collection(apiVersion, kind, namespace);
    if (collection === undefined || !collection.namespaced) return undefined;
    const response = await this.request(collection.path, metadataListOnly);
    if (response.status !== 200) {
      this.unchecked.push({ what: `${kind} in ${namespace}`, why: `LIST answered HTTP ${response.status}${response.status === 403 ? ' (Forbidden: the identity may not list it)' : ''}` });
      return undefined;
    }
    const list = JSON.parse(response.body) as { items?: Array<{ metadata?: LiveMetadata }> };
    return (list.items ?? []).map((item) => item.metadata ?? {});
  }
}
