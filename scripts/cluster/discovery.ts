import type { ClusterConnection } from './connection.ts';

/** Where the objects of one apiVersion/kind live, as the server's discovery says. */
export interface ServedResource {
  /** `/api/v1` or `/apis/<group>/<version>` */
  prefix: string;
  plural: string;
  namespaced: boolean;
}

interface ResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/**
 * The server's discovery document of each group version asked about (`/api/v1`,
 * `/apis/<group>/<version>`), read once, as client-go's RESTMapper maps a kind to its resource
 * and scope; a group version the server does not serve (404) maps no kind.
 */
export class Discovery {
  private readonly lists = new Map<string, Promise<Map<string, ServedResource> | undefined>>();

  constructor(private readonly connection: ClusterConnection) {}

  async lookup(apiVersion: string, kind: string): Promise<ServedResource | undefined> {
    let list = this.lists.get(apiVersion);
    if (list === undefined) {
      list = this.read(apiVersion);
      this.lists.set(apiVersion, list);
    }
    return (await list)?.get(kind);
  }

  private async read(apiVersion: string): Promise<Map<string, ServedResource> | undefined> {
    const prefix = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
    const response = await this.connection.send('GET', prefix);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new DiscoveryFailure(`GET ${prefix}: HTTP ${response.status}`, response.status);
    const byKind = new Map<string, ServedResource>();
    for (const resource of (JSON.parse(response.body) as ResourceList).resources ?? []) {
      if (!resource.name.includes('/')) byKind.set(resource.kind, { prefix, plural: resource.name, namespaced: resource.namespaced });
    }
    return byKind;
  }
}

export class DiscoveryFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
