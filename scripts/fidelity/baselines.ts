/**
 * One valid object per kind: the API server accepts each as it is (the fidelity run checks that
 * first). Every mutation starts from a fresh copy of one of these.
 */
// A mutation edits any field at any depth of a manifest, valid or not: no static type fits that.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

export const fidelityNamespace = 'fidelity';

const labels = { app: 'web' };

const container = (): KubeObject => ({
  name: 'web',
  image: 'nginx:1.27',
  ports: [{ name: 'http', containerPort: 8080 }],
  env: [{ name: 'MODE', value: 'production' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
  volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
  livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
  readinessProbe: { tcpSocket: { port: 8080 } },
});

export const podSpec = (restartPolicy?: string): KubeObject => ({
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
  containers: [container()],
  volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
});

const template = (restartPolicy?: string): KubeObject => ({ metadata: { labels: { ...labels } }, spec: podSpec(restartPolicy) });

const namespaced = (apiVersion: string, kind: string, body: KubeObject): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'web', namespace: fidelityNamespace, labels: { ...labels } },
  ...body,
});

const clusterScoped = (apiVersion: string, kind: string, name: string, body: KubeObject): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, labels: { ...labels } },
  ...body,
});

export function baselines(): KubeObject[] {
  return [
    clusterScoped('v1', 'Namespace', 'fidelity-probe', {}),
    namespaced('v1', 'ConfigMap', { data: { 'app.properties': 'a=b', MODE: 'x' } }),
    namespaced('v1', 'Secret', { type: 'Opaque', stringData: { password: 'not-a-real-secret' } }),
    namespaced('v1', 'ServiceAccount', {}),
    namespaced('v1', 'Service', { spec: { selector: { ...labels }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }),
    namespaced('v1', 'Pod', { spec: podSpec() }),
    namespaced('apps/v1', 'Deployment', { spec: { replicas: 2, selector: { matchLabels: { ...labels } }, template: template() } }),
    namespaced('apps/v1', 'ReplicaSet', { spec: { replicas: 1, selector: { matchLabels: { ...labels } }, template: template() } }),
    namespaced('apps/v1', 'StatefulSet', {
      spec: {
        serviceName: 'web',
        selector: { matchLabels: { ...labels } },
        template: template(),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    }),
    namespaced('apps/v1', 'DaemonSet', { spec: { selector: { matchLabels: { ...labels } }, template: template() } }),
    namespaced('batch/v1', 'Job', { spec: { backoffLimit: 2, template: template('Never') } }),
    namespaced('batch/v1', 'CronJob', { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template('OnFailure') } } } }),
    namespaced('autoscaling/v2', 'HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    }),
    namespaced('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 1, selector: { matchLabels: { ...labels } } } }),
    namespaced('networking.k8s.io/v1', 'NetworkPolicy', {
      spec: {
        podSelector: { matchLabels: { ...labels } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      },
    }),
    namespaced('networking.k8s.io/v1', 'Ingress', {
      spec: {
        rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    }),
    namespaced('v1', 'PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
    namespaced('v1', 'ResourceQuota', { spec: { hard: { pods: '10' } } }),
    clusterScoped('scheduling.k8s.io/v1', 'PriorityClass', 'fidelity-high', { value: 1000, preemptionPolicy: 'PreemptLowerPriority' }),
    namespaced('rbac.authorization.k8s.io/v1', 'Role', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }),
    namespaced('rbac.authorization.k8s.io/v1', 'RoleBinding', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: fidelityNamespace }],
    }),
    clusterScoped('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'fidelity-view', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'readers' }],
    }),
  ];
}
