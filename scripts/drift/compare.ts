import { groupOf, isPruneProtected, type ClusterView, type ModelApplication } from '../argocd/index.ts';
import type { SourceLocation } from '../core/diagnostic.ts';
import type { KubeObject } from '../core/manifest.ts';
import { declaredFieldDrift } from './diff.ts';
import { ignoreRulesFor } from './ignore-differences.ts';
import type { LiveMetadata, LiveObject, LiveReader, Unchecked } from './live.ts';
import { instanceName, trackedBy, trackingAnnotation } from '../argocd/index.ts';

export interface ObjectId {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * - `field`: a field Git declares has another value live (or is gone);
 * - `missing`: an object Git declares for an Application is not in the cluster (the next sync creates it);
 * - `pruned`: an object an Application tracks that Git no longer has (what the next sync prunes);
 * - `untracked`: an object in a destination namespace that no Application tracks.
 */
export type DriftType = 'field' | 'missing' | 'pruned' | 'untracked';

export interface DriftFinding {
  type: DriftType;
  /** The Application that deploys or tracks the object; null for an untracked one. */
  application: string | null;
  object: ObjectId;
  /** The field (JSON pointer) of a `field` finding. */
  pointer?: string;
  desired?: unknown;
  live?: unknown;
  /** Who owns the field live (metadata.managedFields). */
  managers?: string[];
  /** Where Git declares the field (or the object), when it can be told. */
  file?: string;
  line?: number;
  message: string;
}

export interface ApplicationStatus {
  name: string;
  namespace: string;
  /** false when the Application object is not in the cluster. */
  present: boolean;
  sync: string;
  health: string;
  operation: { phase: string; finishedAt: string; message: string } | null;
}

export interface DriftReport {
  environment: string;
  context: string;
  server: string;
  applications: ApplicationStatus[];
  findings: DriftFinding[];
  /** Objects of Git compared with their live counterparts. */
  compared: number;
  /** The namespaces and kinds listed for objects no Application tracks. */
  namespaces: string[];
  listedKinds: string[];
  unchecked: Unchecked[];
}

/** Kinds listed in every destination namespace besides the ones the environment deploys: what people create by hand. */
const handMadeKinds: ReadonlyArray<readonly [string, string]> = [
  ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'Service'], ['v1', 'ServiceAccount'], ['v1', 'PersistentVolumeClaim'],
  ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'],
  ['networking.k8s.io/v1', 'Ingress'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['policy/v1', 'PodDisruptionBudget'], ['autoscaling/v2', 'HorizontalPodAutoscaler'],
];
/** What the server and its controllers make in every namespace: never reported as untracked. */
const serverMade = (kind: string, metadata: LiveMetadata): boolean =>
  (Array.isArray(metadata.ownerReferences) && metadata.ownerReferences.length > 0) ||
  (kind === 'ServiceAccount' && metadata.name === 'default') ||
  (kind === 'ConfigMap' && metadata.name === 'kube-root-ca.crt') ||
  (kind === 'Secret' && metadata.annotations?.['kubernetes.io/service-account.name'] !== undefined);
const hookAnnotations = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

const keyOf = (group: string, kind: string, namespace: string, name: string) => `${group}/${kind}/${namespace}/${name}`;
const objectText = (id: ObjectId) => `${id.kind} ${id.namespace === '' ? '' : `${id.namespace}/`}${id.name}`;
export const valueText = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

interface DesiredEntry {
  application: ModelApplication;
  id: ObjectId;
  object: KubeObject;
}

function desiredEntries(view: ClusterView): DesiredEntry[] {
  const seen = new Set<string>();
  const out: DesiredEntry[] = [];
  for (const application of [...view.model.root, ...view.model.applications]) {
    for (const { key, object } of application.objects) {
      if (hookAnnotations.some((annotation) => object.metadata.annotations?.[annotation] !== undefined)) continue;
      const text = keyOf(key.group, key.kind, key.namespace, key.name);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ application, id: { apiVersion: object.apiVersion, kind: key.kind, namespace: key.namespace, name: key.name }, object });
    }
  }
  return out;
}

/** Workloads an HPA of the desired state scales: their spec.replicas is the HPA's, not Git's. */
function hpaScaled(entries: readonly DesiredEntry[]): Set<string> {
  const out = new Set<string>();
  for (const { id, object } of entries) {
    if (id.kind !== 'HorizontalPodAutoscaler') continue;
    const target = (object['spec'] as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    if (target?.kind !== undefined && target.name !== undefined) out.add(`${target.kind}/${id.namespace}/${target.name}`);
  }
  return out;
}

function pruneMessage(application: ModelApplication, metadata: LiveMetadata): string {
  if (isPruneProtected(metadata.annotations)) return `Git no longer has it; it carries Prune=false, so no sync of ${application.name} deletes it (Argo CD reports it as needing pruning)`;
  if (application.syncPolicy.automated && application.syncPolicy.prune) return `Git no longer has it: the next automated sync of ${application.name} (prune enabled) deletes it`;
  return `Git no longer has it: automated prune is off for ${application.name}, so it stays until a sync with prune deletes it`;
}

export interface CompareContext {
  view: ClusterView;
  /** Every environment's model: objects another environment's Applications track or its bootstrap declares are not untracked here. */
  views: ReadonlyMap<string, ClusterView>;
  reader: LiveReader;
  locate(fields: ReadonlyArray<{ object: KubeObject; pointer: string }>): Promise<Array<SourceLocation | undefined>>;
}

/** Live vs desired for one environment: field drift, missing, pruned and untracked objects, and each Application's status. */
export async function compareEnvironment(context: CompareContext): Promise<Omit<DriftReport, 'context' | 'server'>> {
  const { view, reader } = context;
  const entries = desiredEntries(view);
  const scaled = hpaScaled(entries);
  const argocdCm = view.model.bootstrap.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'argocd-cm');
  const findings: DriftFinding[] = [];
  const toLocate: Array<{ finding: DriftFinding; object: KubeObject; pointer: string }> = [];

  await Promise.all(
    entries.map(async (entry) => {
      const live = await reader.get(entry.id.apiVersion, entry.id.kind, entry.id.namespace, entry.id.name);
      if (live === undefined) return;
      if (live === null) {
        const finding: DriftFinding = { type: 'missing', application: entry.application.name, object: entry.id, message: `${objectText(entry.id)} is in Git for ${entry.application.name} but not in the cluster: the next sync creates it` };
        findings.push(finding);
        toLocate.push({ finding, object: entry.object, pointer: '' });
        return;
      }
      const rules = ignoreRulesFor(entry.application.object, argocdCm, { group: groupOf(entry.id.apiVersion), kind: entry.id.kind, namespace: entry.id.namespace, name: entry.id.name });
      if (rules.jqPathExpressions.length > 0) reader.unchecked.push({ what: `${objectText(entry.id)}: ignoreDifferences jqPathExpressions ${rules.jqPathExpressions.join(', ')}`, why: 'not followed: the fields they select are compared' });
      const ignored = new Set(['/status', ...rules.pointers, ...(scaled.has(`${entry.id.kind}/${entry.id.namespace}/${entry.id.name}`) ? ['/spec/replicas'] : [])]);
      const ignoredManager = (manager: string) => rules.managers.includes(manager.replace(/ \(Update\)$/, ''));
      // A Secret is read as metadata only: its data is neither fetched nor compared.
      const desired = entry.id.kind === 'Secret' && entry.id.apiVersion === 'v1' ? { metadata: entry.object.metadata } : entry.object;
      for (const drift of declaredFieldDrift(desired, live, { ignored })) {
        if (drift.managers.length > 0 && drift.managers.some(ignoredManager)) continue;
        const owner = drift.managers.length > 0 ? ` (live value set by ${drift.managers.join(', ')})` : '';
        const message = drift.live === undefined ? `${drift.pointer}: Git sets ${valueText(drift.desired)}, the live object does not have it` : `${drift.pointer}: Git sets ${valueText(drift.desired)}, live is ${valueText(drift.live)}${owner}`;
        const finding: DriftFinding = { type: 'field', application: entry.application.name, object: entry.id, pointer: drift.pointer, desired: drift.desired, live: drift.live, managers: drift.managers, message };
        findings.push(finding);
        toLocate.push({ finding, object: entry.object, pointer: drift.pointer });
      }
    }),
  );

  // The destination namespaces, listed for what no Application tracks and what an Application tracks that Git no longer has.
  const desiredKeys = new Set(entries.map(({ id }) => keyOf(groupOf(id.apiVersion), id.kind, id.namespace, id.name)));
  const applications = [...view.model.root, ...view.model.applications];
  const ownApplications = new Map(applications.map((application) => [instanceName(application.name, application.object.metadata.namespace, 'argocd'), application]));
  const elsewhere = new Set<string>();
  const otherApplications = new Set<string>();
  for (const other of context.views.values()) {
    for (const object of other.model.bootstrap) elsewhere.add(keyOf(groupOf(object.apiVersion), object.kind, object.metadata.namespace ?? '', object.metadata.name ?? ''));
    if (other === view) continue;
    for (const application of [...other.model.root, ...other.model.applications]) {
      otherApplications.add(instanceName(application.name, application.object.metadata.namespace, 'argocd'));
      for (const { key } of application.objects) elsewhere.add(keyOf(key.group, key.kind, key.namespace, key.name));
    }
  }
  const namespaces = [...new Set(applications.map((application) => application.destination.namespace ?? '').filter((namespace) => namespace !== ''))].sort();
  const kinds = new Map<string, readonly [string, string]>(handMadeKinds.map((entry) => [`${entry[0]}/${entry[1]}`, entry]));
  for (const { id, object } of entries) if (id.namespace !== '') kinds.set(`${object.apiVersion}/${id.kind}`, [object.apiVersion, id.kind]);
  const listedKinds = [...kinds.values()].map(([, kind]) => kind).sort();
  await Promise.all(
    namespaces.flatMap((namespace) =>
      [...kinds.values()].map(async ([apiVersion, kind]) => {
        for (const metadata of (await reader.listMetadata(apiVersion, kind, namespace)) ?? []) {
          const name = metadata.name ?? '';
          const key = keyOf(groupOf(apiVersion), kind, namespace, name);
          if (desiredKeys.has(key) || serverMade(kind, metadata)) continue;
          const id: ObjectId = { apiVersion, kind, namespace, name };
          // Tracked only when the id names this very object: a copied annotation does not make Argo CD count it as its own.
          const tracking = trackedBy({ apiVersion, kind, metadata: { ...metadata, name, namespace } }, true);
          const owner = tracking === undefined ? undefined : ownApplications.get(tracking);
          if (owner !== undefined) {
            findings.push({ type: 'pruned', application: owner.name, object: id, message: `${objectText(id)} is tracked by ${owner.name}: ${pruneMessage(owner, metadata)}` });
            continue;
          }
          if ((tracking !== undefined && otherApplications.has(tracking)) || (tracking === undefined && elsewhere.has(key))) continue;
          const copied = tracking === undefined && metadata.annotations?.[trackingAnnotation] !== undefined ? ' (its tracking id names another object)' : '';
          const why = tracking === undefined ? `no Application tracks it${copied}` : `its tracking id names Application ${tracking}, which Git declares for no environment`;
          findings.push({ type: 'untracked', application: null, object: id, message: `${objectText(id)} is in namespace ${namespace}, but ${why}` });
        }
      }),
    ),
  );

  const places = await context.locate(toLocate.map(({ object, pointer }) => ({ object, pointer })));
  toLocate.forEach(({ finding }, index) => {
    const place = places[index];
    if (place !== undefined) Object.assign(finding, { file: place.file, line: place.line });
  });

  const statuses = await Promise.all(applications.map((application) => applicationStatus(reader, application)));
  return {
    environment: view.environment,
    applications: statuses,
    findings: findings.sort(byObject),
    compared: entries.length,
    namespaces,
    listedKinds,
    unchecked: [...reader.unchecked],
  };
}

const typeOrder: readonly DriftType[] = ['field', 'missing', 'pruned', 'untracked'];
function byObject(a: DriftFinding, b: DriftFinding): number {
  return (
    (a.application ?? '\uffff').localeCompare(b.application ?? '\uffff') ||
    typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) ||
    objectText(a.object).localeCompare(objectText(b.object)) ||
    (a.pointer ?? '').localeCompare(b.pointer ?? '')
  );
}

async function applicationStatus(reader: LiveReader, application: ModelApplication): Promise<ApplicationStatus> {
  const namespace = application.object.metadata.namespace ?? 'argocd';
  const live: LiveObject | null | undefined = await reader.get(application.object.apiVersion, 'Application', namespace, application.name);
  const status = (live?.['status'] ?? {}) as { sync?: { status?: string }; health?: { status?: string }; operationState?: { phase?: string; finishedAt?: string; message?: string } };
  const operation = status.operationState;
  return {
    name: application.name,
    namespace,
    present: live !== null && live !== undefined,
    sync: status.sync?.status ?? 'Unknown',
    health: status.health?.status ?? 'Unknown',
    operation: operation === undefined ? null : { phase: operation.phase ?? '', finishedAt: operation.finishedAt ?? '', message: operation.message ?? '' },
  };
}
