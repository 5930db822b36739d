import { request } from 'node:https';
import type { ApiResponse, ApiTarget } from '../control-plane/api-request.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One HTTPS request to the control plane, with the content type the caller names
 * (`application/apply-patch+yaml` for server-side apply; JSON is YAML, so the body is JSON).
 */
export function send(target: ApiTarget, method: Method, path: string, body: unknown, contentType = 'application/json', timeoutMs = 30_000): Promise<ApiResponse> {
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

export async function getJson<T>(target: ApiTarget, path: string): Promise<T> {
  const response = await send(target, 'GET', path, undefined);
  if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body) as T;
}
