/**
 * Well-known API moves, for objects whose apiVersion a Kubernetes version no longer serves.
 * The validate stage also derives replacements from the bundled data (the same kind served
 * under another group/version); this table covers what the data cannot say: groups that no
 * longer exist at all (`extensions`) and kinds removed without a successor.
 */
export interface RemovedApi {
  apiVersion: string;
  /** Kinds this entry covers; absent means every kind of that apiVersion. */
  kinds?: readonly string[];
  /** The apiVersion to use instead, when there is one. */
  replacement?: string;
  removedIn: string;
  /** What to do when there is no replacement. */
  advice?: string;
}

export const removedApis: readonly RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], replacement: 'networking.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], replacement: 'networking.k8s.io/v1', removedIn: '1.16' },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
    replacement: 'apps/v1',
    removedIn: '1.16',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.25',
    advice: 'use Pod Security Admission (pod-security.kubernetes.io/* namespace labels)',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.25',
    advice: 'use Pod Security Admission (pod-security.kubernetes.io/* namespace labels)',
  },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], replacement: 'policy/v1', removedIn: '1.25' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], replacement: 'batch/v1', removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], replacement: 'autoscaling/v2', removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], replacement: 'autoscaling/v2', removedIn: '1.26' },
  { apiVersion: 'apps/v1beta1', replacement: 'apps/v1', removedIn: '1.16' },
  { apiVersion: 'apps/v1beta2', replacement: 'apps/v1', removedIn: '1.16' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], replacement: 'networking.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', replacement: 'rbac.authorization.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', replacement: 'apiextensions.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], replacement: 'admissionregistration.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], replacement: 'scheduling.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], replacement: 'coordination.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], replacement: 'discovery.k8s.io/v1', removedIn: '1.25' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], replacement: 'events.k8s.io/v1', removedIn: '1.25' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], replacement: 'storage.k8s.io/v1', removedIn: '1.27' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', replacement: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.29' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', replacement: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.32' },
];

export function findRemovedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return removedApis.find(
    (entry) => entry.apiVersion === apiVersion && (entry.kinds === undefined || entry.kinds.includes(kind)),
  );
}
