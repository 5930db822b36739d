import { apiRequest, type ApiTarget } from '../control-plane/api-request.ts';
import type { KubeObject } from './baselines.ts';

/** Where each kind is created: the API group path and the resource; namespaced unless said. */
const resources: Record<string, { group: string; plural: string; clusterScoped?: true }> = {
  Namespace: { group: '/api/v1', plural: 'namespaces', clusterScoped: true },
  ConfigMap: { group: '/api/v1', plural: 'configmaps' },
  Secret: { group: '/api/v1', plural: 'secrets' },
  ServiceAccount: { group: '/api/v1', plural: 'serviceaccounts' },
  Service: { group: '/api/v1', plural: 'services' },
  Pod: { group: '/api/v1', plural: 'pods' },
  PersistentVolumeClaim: { group: '/api/v1', plural: 'persistentvolumeclaims' },
  ResourceQuota: { group: '/api/v1', plural: 'resourcequotas' },
  Deployment: { group: '/apis/apps/v1', plural: 'deployments' },
  ReplicaSet: { group: '/apis/apps/v1', plural: 'replicasets' },
  StatefulSet: { group: '/apis/apps/v1', plural: 'statefulsets' },
  DaemonSet: { group: '/apis/apps/v1', plural: 'daemonsets' },
  Job: { group: '/apis/batch/v1', plural: 'jobs' },
  CronJob: { group: '/apis/batch/v1', plural: 'cronjobs' },
  HorizontalPodAutoscaler: { group: '/apis/autoscaling/v2', plural: 'horizontalpodautoscalers' },
  PodDisruptionBudget: { group: '/apis/policy/v1', plural: 'poddisruptionbudgets' },
  NetworkPolicy: { group: '/apis/networking.k8s.io/v1', plural: 'networkpolicies' },
  Ingress: { group: '/apis/networking.k8s.io/v1', plural: 'ingresses' },
  PriorityClass: { group: '/apis/scheduling.k8s.io/v1', plural: 'priorityclasses', clusterScoped: true },
  Role: { group: '/apis/rbac.authorization.k8s.io/v1', plural: 'roles' },
  RoleBinding: { group: '/apis/rbac.authorization.k8s.io/v1', plural: 'rolebindings' },
  ClusterRoleBinding: { group: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', clusterScoped: true },
};

export interface ServerVerdict {
  accepted: boolean;
  status: number;
  /** Field paths the server named as causes (`spec.containers[0].image`), when it rejected. */
  fields: string[];
  message: string;
}

/** A server-side dry-run create with strict field validation: nothing is stored. */
export async function dryRunCreate(target: ApiTarget, object: KubeObject, namespace: string): Promise<ServerVerdict> {
  const resource = resources[object.kind as string];
  if (resource === undefined) throw new Error(`no resource path for kind ${String(object.kind)}`);
  const scope = resource.clusterScoped ? '' : `/namespaces/${namespace}`;
  const response = await apiRequest(target, 'POST', `${resource.group}${scope}/${resource.plural}?dryRun=All&fieldValidation=Strict`, object, 30_000);
  if (response.status >= 200 && response.status < 300) return { accepted: true, status: response.status, fields: [], message: '' };
  let status: { message?: string; details?: { causes?: Array<{ field?: string }> } } = {};
  try {
    status = JSON.parse(response.body) as typeof status;
  } catch {
    status = { message: response.body.slice(0, 300) };
  }
  const fields = (status.details?.causes ?? []).flatMap((cause) => (cause.field ? [cause.field] : []));
  // Strict decoding names unknown fields in its message only.
  for (const match of (status.message ?? '').matchAll(/unknown field "([^"]+)"/g)) fields.push(match[1]!);
  return { accepted: false, status: response.status, fields, message: status.message ?? '' };
}

/** Creates the namespace the mutations are dry-run in, unless it exists. */
export async function ensureNamespace(target: ApiTarget, name: string): Promise<void> {
  const response = await apiRequest(target, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (response.status !== 201 && response.status !== 409) throw new Error(`creating namespace ${name}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
}
