import type { ApiTarget } from '../control-plane/api-request.ts';
import { getJson } from './http.ts';

/** Where objects of one apiVersion/kind live on the server, as discovery reports it. */
export interface ApiResource {
  /** `/api/v1` or `/apis/<group>/<version>` */
  readonly prefix: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean }>;
}

interface GroupList {
  groups?: Array<{ versions?: Array<{ groupVersion: string }> }>;
}

/**
 * The server's discovery documents (`/api/v1`, `/apis`, `/apis/<group>/<version>`), read the way
 * client-go's RESTMapper reads them: kind → resource and scope for each group version. Read again
 * after CRDs are established, so that their kinds resolve.
 */
export class ApiResources {
  private byKind = new Map<string, ApiResource>();

  constructor(private readonly target: ApiTarget) {}

  async refresh(): Promise<void> {
    const byKind = new Map<string, ApiResource>();
    const read = async (groupVersion: string, prefix: string) => {
      const list = await getJson<ResourceList>(this.target, prefix);
      for (const resource of list.resources ?? []) {
        if (resource.name.includes('/')) continue; // subresources
        byKind.set(`${groupVersion}/${resource.kind}`, { prefix, plural: resource.name, namespaced: resource.namespaced });
      }
    };
    await read('v1', '/api/v1');
    const groups = await getJson<GroupList>(this.target, '/apis');
    await Promise.all((groups.groups ?? []).flatMap((group) => (group.versions ?? []).map((version) => read(version.groupVersion, `/apis/${version.groupVersion}`))));
    this.byKind = byKind;
  }

  /** undefined when the server serves no such apiVersion/kind (a 404 from a client). */
  lookup(apiVersion: unknown, kind: unknown): ApiResource | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
    return this.byKind.get(`${apiVersion}/${kind}`);
  }
}
