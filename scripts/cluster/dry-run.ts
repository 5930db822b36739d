import { instanceName, trackingAnnotation, trackingIdText, type ClusterView, type ModelApplication } from '../argocd/index.ts';
import { objectFinding, type Finding } from '../core/finding.ts';
import type { KubeObject, Manifest } from '../core/manifest.ts';
import { describeNetworkError, ClusterError, type ClusterConnection } from './connection.ts';
import { Discovery, DiscoveryFailure } from './discovery.ts';
import { serverFieldPointer } from './field-pointer.ts';
import { isRecord } from '../core/json-values.ts';
import { mapConcurrently } from '../core/concurrency.ts';

/** gitops-engine's kind order inside one sync wave (sync_tasks.go, Helm's install order); other kinds after. */
const kindOrder = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList',
  'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod',
  'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'APIService',
];
const kindRank = (kind: string) => (kindOrder.includes(kind) ? kindOrder.indexOf(kind) : kindOrder.length);
const hookAnnotations = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/** The field manager of Argo CD's application controller for server-side apply. */
export const argocdFieldManager = 'argocd-controller';

function waveOf(object: KubeObject): number {
  const text = (object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0').trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : 0;
}

/** One object to ask the server about: the manifest it was loaded as, and the namespace Argo CD applies it in. */
export interface DryRunItem {
  manifest: Manifest;
  namespace: string;
  /** The `argocd.argoproj.io/tracking-id` Argo CD writes on the object as it applies it (none on the bootstrap, applied by hand, or on a CRD). */
  trackingId?: string;
}

/**
 * Every object the environment's Argo CD applies, in the order it applies them: the bootstrap
 * of clusters/<env>, then the Applications by their wave, inside one by wave, kind order and
 * name; with every Namespace and CRD moved to the front (the kinds others need to exist). An
 * object is taken once (the first Application that deploys it), hooks are left out (Argo CD
 * creates them, it does not apply them).
 */
export function orderedItems(view: ClusterView, manifestOf: ReadonlyMap<object, Manifest>): { items: DryRunItem[]; unloaded: number; hooks: number } {
  const items: DryRunItem[] = [];
  const seen = new Set<object>();
  let unloaded = 0;
  let hooks = 0;
  const take = (entries: Array<{ object: KubeObject; namespace: string; trackingId?: string }>) => {
    const sorted = entries
      .map((entry, index) => ({ ...entry, index, wave: waveOf(entry.object) }))
      .sort((a, b) => a.wave - b.wave || kindRank(a.object.kind) - kindRank(b.object.kind) || (a.object.metadata.name ?? '').localeCompare(b.object.metadata.name ?? '') || a.index - b.index);
    for (const { object, namespace, trackingId } of sorted) {
      if (seen.has(object)) continue;
      seen.add(object);
      if (hookAnnotations.some((key) => object.metadata.annotations?.[key] !== undefined)) {
        hooks++;
        continue;
      }
      const manifest = manifestOf.get(object);
      if (manifest === undefined) unloaded++;
      else items.push({ manifest, namespace, ...(trackingId === undefined ? {} : { trackingId }) });
    }
  };
  take(view.model.bootstrap.map((object) => ({ object, namespace: object.metadata.namespace ?? '' })));
  const applications: ModelApplication[] = [...view.model.root, ...view.model.applications];
  const byWave = applications.map((application, index) => ({ application, index })).sort((a, b) => numericWave(a.application) - numericWave(b.application) || a.index - b.index);
  for (const { application } of byWave) {
    const instance = instanceName(application.name, application.object.metadata.namespace);
    take(
      application.objects.map(({ key, object }) => ({
        object,
        namespace: key.namespace,
        // Annotation tracking (Argo CD 3's default): a cluster-scoped object's id names the destination namespace.
        ...(object.kind === 'CustomResourceDefinition' ? {} : { trackingId: trackingIdText({ application: instance, group: key.group, kind: key.kind, namespace: key.namespace || application.destination.namespace || '', name: key.name }) }),
      })),
    );
  }
  const first = items.filter((item) => item.manifest.object.kind === 'Namespace' || item.manifest.object.kind === 'CustomResourceDefinition');
  return { items: [...first, ...items.filter((item) => !first.includes(item))], unloaded, hooks };
}

const numericWave = (application: ModelApplication) => (typeof application.wave === 'number' ? application.wave : 0);

interface StatusBody {
  message?: string;
  reason?: string;
  details?: { kind?: string; name?: string; causes?: Array<{ field?: string; message?: string; reason?: string }> };
}

/**
 * The server-side apply dry-run of each item, as Argo CD 3's controller applies with
 * ServerSideApply: PATCH application/apply-patch+yaml with dryRun=All, fieldManager
 * argocd-controller, force=false and fieldValidation=Strict; `concurrency` requests at a time.
 * Every refusal is a finding on the object at the field the server names; an object the server
 * could not be asked about is one warning saying so. An RBAC refusal is a usage error.
 */
export async function serverDryRun(
  connection: ClusterConnection,
  items: readonly DryRunItem[],
  options: { concurrency: number; createdNamespaces: ReadonlySet<string> },
): Promise<Finding[]> {
  const discovery = new Discovery(connection);
  const results = await mapConcurrently(items, options.concurrency, (item) => dryRunOne(connection, discovery, item, options.createdNamespaces));
  return results.flat();
}

async function dryRunOne(connection: ClusterConnection, discovery: Discovery, item: DryRunItem, createdNamespaces: ReadonlySet<string>): Promise<Finding[]> {
  const { manifest } = item;
  const object = manifest.object;
  const notChecked = (why: string): Finding[] => [
    objectFinding(manifest, { ruleId: 'server-dry-run', severity: 'warning', pointer: '', message: `not checked by the server-side dry-run: ${why}` }),
  ];
  const name = object.metadata.name ?? '';
  if (name === '' || name === '.' || name === '..' || /[/%]/.test(name)) return notChecked(`the name ${JSON.stringify(name)} cannot be sent (client-go refuses it before the server sees it)`);
  let resource;
  try {
    resource = await discovery.lookup(object.apiVersion, object.kind);
  } catch (error) {
    if (error instanceof DiscoveryFailure) return notChecked(`discovery failed (${error.message})`);
    return notChecked(`discovery of ${object.apiVersion} got no answer (${describeNetworkError(error)})`);
  }
  if (resource === undefined) return notChecked(`the cluster serves no ${object.kind} in ${object.apiVersion}`);
  const namespace = item.namespace === '' ? 'default' : item.namespace;
  const annotations = item.trackingId === undefined ? object.metadata.annotations : { ...object.metadata.annotations, [trackingAnnotation]: item.trackingId };
  const metadata = { ...object.metadata, ...(annotations === undefined ? {} : { annotations }), ...(resource.namespaced ? { namespace } : {}) };
  const body = { ...object, metadata };
  const collection = `${resource.prefix}${resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource.plural}`;
  // dryRun=All is in every request this module sends: the live mode never writes.
  const query = `dryRun=All&fieldManager=${argocdFieldManager}&force=false&fieldValidation=Strict`;
  let response;
  try {
    response = await connection.send('PATCH', `${collection}/${encodeURIComponent(name)}?${query}`, body, 'application/apply-patch+yaml');
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    return notChecked(`no answer from ${connection.server} (${describeNetworkError(error)})`);
  }
  if (response.status >= 200 && response.status < 300) return [];
  let status: StatusBody = {};
  try {
    status = JSON.parse(response.body) as StatusBody;
  } catch {
    status = { message: response.body.slice(0, 300) };
  }
  const message = status.message ?? `HTTP ${response.status}`;
  if (response.status === 401) throw new ClusterError(`--cluster ${connection.context}: ${connection.server} refused the credentials midway (401 Unauthorized: the token expired or was revoked)`);
  if (response.status === 403 && / cannot create resource /.test(message)) {
    return notChecked(`it does not exist in the cluster yet, and a dry-run apply that would create it needs "create", which this identity lacks (rbac/validate-readonly.yaml grants get, list and patch)`);
  }
  if (response.status === 403 && /attempting to grant RBAC permissions not currently held/.test(message)) {
    return notChecked(`it grants permissions this identity does not hold, which the API server's RBAC escalation check refuses for any identity without them`);
  }
  if (response.status === 403 && / cannot (?:patch|get|list) /.test(message)) {
    throw new ClusterError(`--cluster ${connection.context}: the identity may not dry-run ${object.kind} ${name} (403 Forbidden: ${message}); bind it to the ClusterRole of rbac/validate-readonly.yaml`);
  }
  if (response.status === 404 && status.details?.kind === 'namespaces' && createdNamespaces.has(status.details.name ?? '')) {
    return notChecked(`its namespace ${status.details.name ?? ''} does not exist in the cluster yet (the sync creates it)`);
  }
  const head = `the API server refuses the server-side apply dry-run (HTTP ${response.status}${status.reason ? ` ${status.reason}` : ''})`;
  const fields = new Map<string, string>();
  for (const cause of status.details?.causes ?? []) {
    if (cause.field === undefined || cause.field === '') continue;
    const pointer = serverFieldPointer(cause.field, body);
    fields.set(pointer, [fields.get(pointer), `${cause.field}: ${cause.message ?? cause.reason ?? ''}`].filter(Boolean).join('; '));
  }
  // Strict decoding and structured-merge-diff name their fields in the message only.
  if (fields.size === 0) {
    for (const match of message.matchAll(/(?:unknown|duplicate) field "([^"]+)"|(?:^|\s)(\.(?:[^\s:[\]]+|\[[^\]]*\])+):/gm)) {
      const pointer = serverFieldPointer(match[1] ?? match[2]!, body);
      if (!fields.has(pointer)) fields.set(pointer, message);
    }
  }
  if (fields.size === 0) return [objectFinding(manifest, { ruleId: 'server-dry-run', severity: 'error', pointer: '', message: `${head}: ${message}` })];
  const findings: Finding[] = [];
  for (const [pointer, text] of fields) {
    const place = pointer === '/spec' ? await changedFieldUnder(connection, `${collection}/${encodeURIComponent(name)}`, body, pointer, text) : pointer;
    findings.push(objectFinding(manifest, { ruleId: 'server-dry-run', severity: 'error', pointer: place, message: `${head}: ${text}` }));
  }
  return findings;
}

/**
 * When the server names a whole spec (a StatefulSet's "updates to statefulset spec for fields
 * other than ... are forbidden", a PVC's "spec is immutable after creation"), the field the
 * change is in: the first field the applied object sets to another value than the live object
 * has, leaving out the fields the message says may change. The live object is read with a GET;
 * when it cannot be read, the server's own field stays.
 */
async function changedFieldUnder(connection: ClusterConnection, objectPath: string, applied: object, pointer: string, message: string): Promise<string> {
  let live: unknown;
  try {
    const response = await connection.send('GET', objectPath);
    if (response.status !== 200) return pointer;
    live = JSON.parse(response.body);
  } catch {
    return pointer;
  }
  const allowed = new Set([...(/fields other than (.*?) are forbidden/.exec(message)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((match) => match[1]!));
  const segments = pointer.slice(1).split('/');
  const at = (value: unknown) => segments.reduce<unknown>((node, segment) => (isRecord(node) ? node[segment] : undefined), value);
  const found = firstSetDifference(at(applied), at(live), (key, depth) => depth === 0 && allowed.has(key));
  return found === undefined ? pointer : `${pointer}${found}`;
}

/** The pointer (relative) of the first scalar the applied value sets that the live value differs in; fields the applied value leaves out are the server's (defaults). */
function firstSetDifference(applied: unknown, live: unknown, skip: (key: string, depth: number) => boolean, depth = 0): string | undefined {
  if (Array.isArray(applied)) {
    if (!Array.isArray(live) || live.length !== applied.length) return '';
    for (const [index, item] of applied.entries()) {
      const inner = firstSetDifference(item, live[index], skip, depth + 1);
      if (inner !== undefined) return `/${index}${inner}`;
    }
    return undefined;
  }
  if (isRecord(applied)) {
    if (!isRecord(live)) return '';
    for (const [key, value] of Object.entries(applied)) {
      if (skip(key, depth)) continue;
      const inner = firstSetDifference(value, live[key], skip, depth + 1);
      if (inner !== undefined) return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}${inner}`;
    }
    return undefined;
  }
  // Scalars as text: a quantity may be a number in the repository and a string in the cluster.
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));
  return applied === null || text(applied) === text(live) ? undefined : '';
}
