import { request } from 'node:https';

export interface ApiTarget {
  /** e.g. https://127.0.0.1:40123 */
  readonly server: string;
  /** PEM of the CA that signed the serving certificate. */
  readonly ca: string;
  readonly token: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One HTTPS request to the control plane's API server, trusting only its own CA. The body is
 * sent as JSON under `contentType` (`application/apply-patch+yaml` for server-side apply: JSON is YAML).
 */
export function apiRequest(
  target: ApiTarget,
  method: ApiMethod,
  path: string,
  body?: unknown,
  timeoutMs = 5_000,
  contentType = 'application/json',
): Promise<ApiResponse> {
  return new Promise((resolveResponse, rejectResponse) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(
      new URL(path, target.server),
      {
        method,
        ca: target.ca,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${target.token}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => resolveResponse({ status: incoming.statusCode ?? 0, body: text }));
        incoming.on('error', rejectResponse);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', rejectResponse);
    outgoing.end(payload);
  });
}
