import type { Random } from './random.ts';

/** A generated manifest: plain JSON data, as it will be written to YAML. */
export type Doc = { apiVersion: string; kind: string; metadata: Record<string, unknown>; [field: string]: unknown };

export interface App {
  name: string;
  team: string;
  env: string;
  namespace: string;
}

export type BundleKind = 'web' | 'worker' | 'database';

const registry = 'registry.example.com';

/**
 * The objects one application ships, written the way the platform's checklists want them
 * (probes, requests and limits, restricted security context, secrets from External Secrets),
 * so that the corpus is valid except where a defect is injected on purpose.
 */
export function appBundle(kind: BundleKind, app: App, random: Random): Doc[] {
  switch (kind) {
    case 'web':
      return [
        deployment(app, random, { component: 'web', autoscaled: true }),
        service(app, 'http', 80, 'http'),
        configMap(app, random),
        horizontalPodAutoscaler(app, random),
        podDisruptionBudget(app),
        webNetworkPolicy(app),
        externalSecret(app, ['password', 'api-key']),
      ];
    case 'worker':
      return [
        deployment(app, random, { component: 'worker', autoscaled: false }),
        configMap(app, random),
        podDisruptionBudget(app),
        workerNetworkPolicy(app),
        externalSecret(app, ['password']),
      ];
    case 'database':
      return [
        statefulSet(app, random),
        headlessService(app),
        service(app, 'postgres', 5432, 'postgres'),
        configMap(app, random),
        podDisruptionBudget(app),
        databaseNetworkPolicy(app),
        externalSecret(app, ['password', 'replication-password']),
      ];
  }
}

/** The Argo CD Application that deploys one app; lives in the `argocd` namespace. */
export function argoApplication(app: App): Doc {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `${app.namespace}-${app.name}`, namespace: 'argocd', labels: { 'platform.example.com/team': app.team } },
    spec: {
      project: `${app.team}-${app.env}`,
      source: {
        repoURL: 'https://git.example.com/platform/gitops.git',
        targetRevision: 'main',
        path: `apps/${app.team}/${app.name}/overlays/${app.env}`,
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: app.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    },
  };
}

/** Opens every namespace file: the default deny that each namespace with pods must have. */
export function defaultDenyPolicy(namespace: string, name: string): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** Fills the last few documents when a whole bundle no longer fits the requested count. */
export function fillerConfigMap(namespace: string, name: string): Doc {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { 'README.md': 'Shared settings of the namespace.\n' },
  };
}

function labels(app: App, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': app.team,
    'app.kubernetes.io/managed-by': 'argocd',
  };
}

function selector(app: App): Record<string, string> {
  return { 'app.kubernetes.io/name': app.name };
}

function metadata(app: App, name: string, component: string): Record<string, unknown> {
  return { name, namespace: app.namespace, labels: labels(app, component) };
}

function version(random: Random): string {
  return `${random.int(1, 4)}.${random.int(0, 30)}.${random.int(0, 12)}`;
}

const restrictedContainer = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function deployment(app: App, random: Random, options: { component: string; autoscaled: boolean }): Doc {
  const port = options.component === 'web' ? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] : [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }];
  const probePort = port[0]!.name;
  const containers: Record<string, unknown>[] = [
    {
      name: 'app',
      image: `${registry}/${app.team}/${app.name}:${version(random)}`,
      imagePullPolicy: 'IfNotPresent',
      ports: port,
      envFrom: [{ configMapRef: { name: `${app.name}-config` } }],
      env: [
        { name: 'LOG_LEVEL', value: random.pick(['info', 'warn', 'debug']) },
        { name: 'OTEL_SERVICE_NAME', value: app.name },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app.name}-credentials`, key: 'password' } } },
      ],
      resources: {
        requests: { cpu: random.pick(['100m', '250m', '500m', '1']), memory: random.pick(['128Mi', '256Mi', '512Mi', '1Gi']) },
        limits: { memory: random.pick(['1Gi', '2Gi']) },
      },
      readinessProbe: { httpGet: { path: '/readyz', port: probePort }, periodSeconds: 10, failureThreshold: 3 },
      livenessProbe: { httpGet: { path: '/livez', port: probePort }, periodSeconds: 20, failureThreshold: 3 },
      securityContext: restrictedContainer,
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
  ];
  if (random.chance(0.2)) {
    containers.push({
      name: 'log-shipper',
      image: `${registry}/platform/fluent-bit:3.1.${random.int(0, 9)}`,
      ports: [{ name: 'shipper-http', containerPort: 2020, protocol: 'TCP' }],
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      readinessProbe: { httpGet: { path: '/api/v1/health', port: 'shipper-http' }, periodSeconds: 10 },
      livenessProbe: { httpGet: { path: '/api/v1/health', port: 'shipper-http' }, periodSeconds: 30 },
      securityContext: restrictedContainer,
      volumeMounts: [{ name: 'tmp', mountPath: '/var/log/app', readOnly: true }],
    });
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(app, app.name, options.component),
    spec: {
      // An autoscaled Deployment leaves replicas to its HPA, or Argo CD would fight it.
      ...(options.autoscaled ? {} : { replicas: random.int(1, 4) }),
      revisionHistoryLimit: 5,
      minReadySeconds: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      selector: { matchLabels: selector(app) },
      template: {
        metadata: { labels: labels(app, options.component) },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector(app) },
            },
          ],
          containers,
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function statefulSet(app: App, random: Random): Doc {
  const size = random.pick(['10Gi', '20Gi', '50Gi', '100Gi']);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      ...metadata(app, app.name, 'database'),
      annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false' },
    },
    spec: {
      serviceName: `${app.name}-headless`,
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(app) },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: labels(app, 'database') },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 120,
          securityContext: { runAsNonRoot: true, runAsUser: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'postgres',
              image: `postgres:${random.pick(['15.8', '16.4', '17.2'])}`,
              ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
              env: [
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: `${app.name}-credentials`, key: 'password' } } },
              ],
              resources: {
                requests: { cpu: random.pick(['500m', '1', '2']), memory: random.pick(['1Gi', '2Gi', '4Gi']) },
                limits: { memory: random.pick(['4Gi', '8Gi']) },
              },
              startupProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 10, failureThreshold: 30 },
              readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 10 },
              livenessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 30 },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard-rwo', resources: { requests: { storage: size } } },
        },
      ],
    },
  };
}

function service(app: App, portName: string, port: number, targetPort: string): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(app, app.name, 'service'),
    spec: {
      type: 'ClusterIP',
      selector: selector(app),
      ports: [{ name: portName, port, targetPort, protocol: 'TCP' }],
    },
  };
}

function headlessService(app: App): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(app, `${app.name}-headless`, 'database'),
    spec: {
      type: 'ClusterIP',
      clusterIP: 'None',
      selector: selector(app),
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    },
  };
}

function configMap(app: App, random: Random): Doc {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(app, `${app.name}-config`, 'config'),
    data: {
      FEATURE_FLAGS: random.pick(['search,checkout', 'beta-ui', 'none']),
      CACHE_TTL_SECONDS: String(random.int(30, 3600)),
      ENABLE_TRACING: random.pick(['true', 'false']),
      'app.properties': `server.port=8080\nmanagement.port=9090\nlog.format=json\nteam=${app.team}\n`,
    },
  };
}

function horizontalPodAutoscaler(app: App, random: Random): Doc {
  const minReplicas = random.int(2, 4);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(app, app.name, 'web'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
      minReplicas,
      maxReplicas: minReplicas + random.int(2, 20),
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: random.pick([60, 70, 80]) } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  };
}

function podDisruptionBudget(app: App): Doc {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(app, app.name, 'availability'),
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(app) } },
  };
}

const dnsEgress = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

function networkPolicy(app: App, ingress: unknown[], egress: unknown[]): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(app, app.name, 'network'),
    spec: { podSelector: { matchLabels: selector(app) }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  };
}

function webNetworkPolicy(app: App): Doc {
  return networkPolicy(
    app,
    [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    [dnsEgress, { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'database' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
  );
}

function workerNetworkPolicy(app: App): Doc {
  return networkPolicy(
    app,
    [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] }],
    [dnsEgress, { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'database' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
  );
}

function databaseNetworkPolicy(app: App): Doc {
  return networkPolicy(
    app,
    [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': app.team } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    [dnsEgress],
  );
}

function externalSecret(app: App, keys: readonly string[]): Doc {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: metadata(app, `${app.name}-credentials`, 'secrets'),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: `${app.name}-credentials`, creationPolicy: 'Owner' },
      data: keys.map((key) => ({ secretKey: key, remoteRef: { key: `${app.team}/${app.env}/${app.name}`, property: key } })),
    },
  };
}
