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
    ...customResourceBaselines(),
    customResourceDefinitionBaseline(),
  ];
}

/** Custom resources of the bundled CRDs (Argo CD, External Secrets) and of the test CRD, as this repo writes them. */
export function customResourceBaselines(): KubeObject[] {
  return [
    namespaced('argoproj.io/v1alpha1', 'Application', {
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/acme-ai/llm-platform-gitops.git', targetRevision: 'main', path: 'overlays/dev/webapp' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'product-dev' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    }),
    namespaced('argoproj.io/v1alpha1', 'AppProject', {
      spec: {
        description: 'The LLM product in dev',
        sourceRepos: ['https://github.com/acme-ai/llm-platform-gitops.git'],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'product-dev' }],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
      },
    }),
    namespaced('external-secrets.io/v1', 'ExternalSecret', {
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'platform-secrets' },
        target: { name: 'web-db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [{ secretKey: 'password', remoteRef: { key: 'llm-product/postgres', property: 'password' } }],
      },
    }),
    namespaced('external-secrets.io/v1', 'SecretStore', {
      spec: {
        provider: {
          openBao: { server: 'https://bao.example.com:8200', path: 'secret', version: 'v2', auth: { tokenSecretRef: { name: 'bao-token', key: 'token' } } },
        },
      },
    }),
    // Submitted unchanged only (cases.ts): its CRD declares no apiVersion, kind or metadata.
    namespaced('fidelity.example.com/v1', 'Sprocket', { spec: { teeth: 12 } }),
    namespaced('fidelity.example.com/v1', 'Widget', {
      spec: { size: '1Gi', mode: 'Fast', minReplicas: 1, maxReplicas: 5, owner: 'team-a', tags: ['web'], ports: [{ name: 'http', port: 8080 }], timeout: '30s', endpoint: 'https://widgets.example.com/api' },
    }),
  ];
}

/** A CRD that is not installed: its mutations are dry-run creates of the definition itself. */
export function customResourceDefinitionBaseline(): KubeObject {
  return clusterScoped('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'gadgets.fidelity.example.com', {
    spec: {
      group: 'fidelity.example.com',
      scope: 'Namespaced',
      names: { kind: 'Gadget', listKind: 'GadgetList', plural: 'gadgets', singular: 'gadget', shortNames: ['gd'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'string', maxLength: 16 },
                    count: { type: 'integer', minimum: 0, default: 1 },
                    ports: {
                      type: 'array',
                      maxItems: 4,
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['name'],
                      items: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 15 }, port: { type: 'integer' } } },
                    },
                  },
                  'x-kubernetes-validations': [{ rule: 'self.count <= 10', message: 'at most 10' }],
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  });
}
