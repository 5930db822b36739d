import { request, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterError } from '../core/cluster-error.ts';

export { ClusterError };

export interface ClusterResponse {
  status: number;
  body: string;
}

export interface ConnectOptions {
  context: string;
  /** A kubeconfig file; else $KUBECONFIG or ~/.kube/config, as client-node's loadFromDefault reads them. */
  kubeconfig?: string;
  /** Per request, in milliseconds. */
  timeoutMs: number;
}

/**
 * One context of a kubeconfig, read through client-node's KubeConfig (token, client certificate,
 * exec and auth-provider plugins as it supports them), and requests to its API server. The
 * credentials go into the request options only: nothing here prints or returns them.
 */
export class ClusterConnection {
  private constructor(
    private readonly config: KubeConfig,
    readonly context: string,
    /** The kubeconfig's name of the context's cluster entry. */
    readonly clusterName: string,
    readonly server: string,
    private readonly timeoutMs: number,
  ) {}

  static async open(options: ConnectOptions): Promise<ClusterConnection> {
    const config = new KubeConfig();
    const source = options.kubeconfig ?? (process.env.KUBECONFIG ? `$KUBECONFIG (${process.env.KUBECONFIG})` : '~/.kube/config');
    try {
      if (options.kubeconfig !== undefined) config.loadFromFile(options.kubeconfig);
      else config.loadFromDefault();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ClusterError(`--cluster ${options.context}: cannot read the kubeconfig ${source}: ${code === 'ENOENT' ? 'no such file' : 'not a valid kubeconfig'}`);
    }
    const context = config.getContextObject(options.context);
    if (context === null) {
      const known = config.getContexts().map((entry) => entry.name);
      throw new ClusterError(`--cluster ${options.context}: no such context in ${source}${known.length === 0 ? ' (it has none)' : ` (it has ${known.join(', ')})`}`);
    }
    config.setCurrentContext(options.context);
    const cluster = config.getCluster(context.cluster);
    if (cluster === null || cluster.server === '') throw new ClusterError(`--cluster ${options.context}: the context names cluster ${context.cluster}, which ${source} does not define`);
    const connection = new ClusterConnection(config, options.context, context.cluster, cluster.server, options.timeoutMs);
    await connection.probe();
    return connection;
  }

  /** Whether the server answers and takes the credentials: GET /version (any authenticated identity may). */
  private async probe(): Promise<void> {
    let response: ClusterResponse;
    try {
      response = await this.send('GET', '/version');
    } catch (error) {
      throw new ClusterError(`--cluster ${this.context}: cannot reach ${this.server}: ${describeNetworkError(error)}`);
    }
    if (response.status === 401) throw new ClusterError(`--cluster ${this.context}: ${this.server} refused the credentials (401 Unauthorized: the token or certificate is invalid or expired)`);
    if (response.status === 403) throw new ClusterError(`--cluster ${this.context}: ${this.server} forbids this identity to read /version (403 Forbidden)`);
    if (response.status !== 200) throw new ClusterError(`--cluster ${this.context}: ${this.server} answered GET /version with HTTP ${response.status}`);
  }

  /** One request; rejects on a network failure or when no answer comes within the timeout. */
  async send(method: 'GET' | 'PATCH', path: string, body?: unknown, contentType = 'application/json', accept = 'application/json'): Promise<ClusterResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const options: RequestOptions = {
      method,
      timeout: this.timeoutMs,
      headers: { accept, ...(payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }) },
    };
    try {
      await this.config.applyToHTTPSOptions(options);
    } catch {
      throw new ClusterError(`--cluster ${this.context}: the kubeconfig's credentials for this context could not be loaded (an exec or auth-provider plugin failed, or a certificate file is missing)`);
    }
    return new Promise((resolveResponse, rejectResponse) => {
      const outgoing = request(new URL(path, this.server), options, (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => resolveResponse({ status: incoming.statusCode ?? 0, body: text }));
        incoming.on('error', rejectResponse);
      });
      outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      outgoing.on('error', rejectResponse);
      outgoing.end(payload);
    });
  }
}

/** The error code or message of a failed request, without anything from the request itself. */
export function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ETIMEDOUT') return message;
  return code === undefined ? message : `${code}${code === 'ECONNREFUSED' ? ' (connection refused)' : code === 'ECONNRESET' ? ' (connection lost)' : ''}`;
}
