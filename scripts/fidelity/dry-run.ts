/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access --
   Manifests are edited and read field by field at any depth (KubeObject): deliberately untyped. */
import type { ApiTarget } from '../control-plane/api-request.ts';
import type { ApiResource, ApiResources } from './api-resources.ts';
import type { KubeObject } from './baselines.ts';
import { send } from './http.ts';

export interface ServerVerdict {
  accepted: boolean;
  /** HTTP status; 0 when the client refused before sending (as client-go would). */
  status: number;
  /** Field paths the server named as causes (`spec.containers[0].image`, `.spec.containers[name="web"].ports`), when it rejected. */
  fields: string[];
  message: string;
}

/** The field manager Argo CD's application controller applies with (`--server-side`, ServerSideApply=true). */
export const argocdFieldManager = 'argocd-controller';

/**
 * A name client-go refuses to put in a URL path (rest.Request.Name: IsValidPathSegmentName):
 * kubectl, and so Argo CD, never sends such a request.
 */
function clientRefusal(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'resource name may not be empty';
  if (name === '.' || name === '..') return `invalid resource name ${JSON.stringify(name)}: may not be '${name}'`;
  const contains = ['/', '%'].filter((part) => name.includes(part));
  return contains.length === 0 ? undefined : `invalid resource name ${JSON.stringify(name)}: ${contains.map((part) => `may not contain '${part}'`).join(', ')}`;
}

function collectionPath(resource: ApiResource, namespace: string | undefined): string {
  const scope = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
  return `${resource.prefix}${scope}/${resource.plural}`;
}

function verdictOf(status: number, body: string): ServerVerdict {
  if (status >= 200 && status < 300) return { accepted: true, status, fields: [], message: '' };
  let parsed: { message?: string; details?: { causes?: Array<{ field?: string }> } } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    parsed = { message: body.slice(0, 300) };
  }
  const message = parsed.message ?? '';
  const fields = (parsed.details?.causes ?? []).flatMap((cause) => (cause.field ? [cause.field] : []));
  // Strict decoding names unknown and duplicate fields in its message only.
  for (const match of message.matchAll(/(?:unknown|duplicate) field "([^"]+)"/g)) fields.push(match[1]!);
  // structured-merge-diff (server-side apply) writes its errors as `.path: text`, after "): " or on indented lines.
  for (const match of message.matchAll(/(?:^|\s)(\.(?:[^\s:[\]]+|\[[^\]]*\])+):/gm)) fields.push(match[1]!);
  return { accepted: false, status, fields, message };
}

const notServed = (object: KubeObject): ServerVerdict => ({
  accepted: false,
  status: 404,
  fields: [],
  message: `the server could not find the requested resource (${String(object.apiVersion)} ${String(object.kind)} is not served)`,
});

/** A server-side dry-run create with strict field validation: nothing is stored. */
export async function dryRunCreate(target: ApiTarget, resources: ApiResources, object: KubeObject): Promise<ServerVerdict> {
  const resource = resources.lookup(object.apiVersion, object.kind);
  if (resource === undefined) return notServed(object);
  const response = await send(target, 'POST', `${collectionPath(resource, object.metadata?.namespace)}?dryRun=All&fieldValidation=Strict`, object);
  return verdictOf(response.status, response.body);
}

/**
 * A server-side apply, as Argo CD's controller sends it for an Application with
 * `ServerSideApply=true` (kubectl apply --server-side --field-manager=argocd-controller, no
 * --force-conflicts): PATCH with `application/apply-patch+yaml`, `fieldValidation=Strict`,
 * `force=false`; with `dryRun` nothing is stored.
 */
export async function serverSideApply(target: ApiTarget, resources: ApiResources, object: KubeObject, options: { dryRun: boolean }): Promise<ServerVerdict> {
  const name: unknown = object.metadata?.name;
  const refusal = clientRefusal(name);
  if (refusal !== undefined) return { accepted: false, status: 0, fields: ['metadata.name'], message: `client-side: ${refusal}` };
  const resource = resources.lookup(object.apiVersion, object.kind);
  if (resource === undefined) return notServed(object);
  const query = `${options.dryRun ? 'dryRun=All&' : ''}fieldManager=${argocdFieldManager}&force=false&fieldValidation=Strict`;
  const response = await send(target, 'PATCH', `${collectionPath(resource, object.metadata?.namespace)}/${encodeURIComponent(name as string)}?${query}`, object, 'application/apply-patch+yaml');
  return verdictOf(response.status, response.body);
}

const hookAnnotations = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/**
 * What Argo CD applies for an object with `generateName` and no name: a hook gets the name
 * gitops-engine's getSyncTasks formulates (generateName + `<revision[0:7]>-<phase>-<unix start>`,
 * the suffix lower-cased; here with a fixed revision and time so that runs compare); any other
 * object reaches kubectl apply without a name, which refuses it before sending anything
 * (kubectl apply.go: "cannot use generate name with apply").
 */
export function argocdApplied(object: KubeObject): { object: KubeObject; appliedName?: string; refusal?: ServerVerdict } {
  const generateName: unknown = object.metadata?.generateName;
  if ((object.metadata?.name ?? '') !== '' || typeof generateName !== 'string' || generateName === '') return { object };
  const annotations = (object.metadata?.annotations ?? {}) as Record<string, unknown>;
  if (!hookAnnotations.some((key) => typeof annotations[key] === 'string')) {
    return { object, refusal: { accepted: false, status: 0, fields: ['metadata.generateName'], message: `client-side: from ${generateName}: cannot use generate name with apply` } };
  }
  const appliedName = `${generateName}${'0123abc-sync-1764720000'.toLowerCase()}`;
  const copy: KubeObject = structuredClone(object);
  copy.metadata.name = appliedName;
  return { object: copy, appliedName };
}

/** Creates (for real) a namespace the cases are submitted into, unless it exists. */
export async function ensureNamespace(target: ApiTarget, name: string): Promise<void> {
  const response = await send(target, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (response.status !== 201 && response.status !== 409) throw new Error(`creating namespace ${name}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
}
