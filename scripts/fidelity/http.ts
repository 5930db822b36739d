import { apiRequest, type ApiMethod, type ApiResponse, type ApiTarget } from '../control-plane/api-request.ts';

export type Method = ApiMethod;

/** One request to the control plane, with the fidelity run's longer default timeout. */
export function send(target: ApiTarget, method: Method, path: string, body: unknown, contentType = 'application/json', timeoutMs = 30_000): Promise<ApiResponse> {
  return apiRequest(target, method, path, body, timeoutMs, contentType);
}

export async function getJson<T>(target: ApiTarget, path: string): Promise<T> {
  const response = await send(target, 'GET', path, undefined);
  if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body) as T;
}
