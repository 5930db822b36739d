/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   These edit manifests field by field at any depth (KubeObject): deliberately untyped. */
import type { KubeObject } from './baselines.ts';
import { customMutations } from './custom-mutations.ts';

/** The classes of the fidelity table: what kind of rule a mutation exercises. */
export type MutationClass = 'schema' | 'metadata' | 'enum' | 'range' | 'cross-field' | 'spec-name' | 'cel' | 'format' | 'crd';

/** One edit of a valid object; `apply` returns false when it does not fit the object's kind. */
export interface Mutation {
  readonly class: MutationClass;
  readonly description: string;
  apply(object: KubeObject): boolean;
}

const podBearing = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** The pod spec inside a pod-bearing object. */
export function podSpecOf(object: KubeObject): KubeObject | undefined {
  if (!podBearing.has(object.kind)) return undefined;
  if (object.kind === 'Pod') return object.spec;
  if (object.kind === 'CronJob') return object.spec.jobTemplate.spec.template.spec;
  return object.spec.template.spec;
}

function templateMetaOf(object: KubeObject): KubeObject | undefined {
  if (!podBearing.has(object.kind) || object.kind === 'Pod') return undefined;
  return object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template.metadata : object.spec.template.metadata;
}

const mutation = (klass: MutationClass, description: string, apply: (object: KubeObject) => boolean | void): Mutation => ({
  class: klass,
  description,
  apply: (object) => apply(object) !== false,
});

/** Names that some kinds accept and others refuse: each kind's rule decides. */
const names = [
  'My_App', 'UPPER', '-lead', 'trail-', 'a..b', 'a_b', 'a b', 'caf\u00e9', '1abc', 'a.b', 'a-b', 'a', 'x'.repeat(63), 'x'.repeat(64),
  `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, 'a'.repeat(254), 'system-thing', 'a%b', '..', 'web.v2',
];
const generateNames = ['web-', 'Web-', 'web.', 'web', `${'g'.repeat(60)}-`, 'a_b-'];
const labelKeys = [
  'foo/bar/baz', '/x', 'example.com/', 'Example.com/x', 'example.com/x_y', 'x'.repeat(64), 'x'.repeat(63), '_x', 'x_', 'x.y', 'a b',
  'app.kubernetes.io/name', `${'p'.repeat(254)}/x`, 'EXAMPLE.COM/x',
];
const labelValues = ['x'.repeat(64), 'x'.repeat(63), '_', '-x', 'x-', '', 'a b', 'Va.l-u_e', 'a/b', '1.2.3'];

function metadataMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const name of names) out.push(mutation('metadata', `name ${JSON.stringify(name.slice(0, 30))}`, (object) => void (object.metadata.name = name)));
  // Argo CD applies an object with only generateName as a hook, under a name it formulates;
  // any other such object kubectl apply refuses ("cannot use generate name with apply").
  for (const generateName of generateNames) {
    out.push(mutation('metadata', `generateName ${JSON.stringify(generateName.slice(0, 30))} (a Sync hook)`, (object) => {
      delete object.metadata.name;
      object.metadata.generateName = generateName;
      object.metadata.annotations = { ...(object.metadata.annotations as Record<string, string> | undefined), 'argocd.argoproj.io/hook': 'Sync' };
    }));
  }
  out.push(mutation('metadata', 'generateName "web-" (not a hook)', (object) => {
    delete object.metadata.name;
    object.metadata.generateName = 'web-';
  }));
  for (const labelKey of labelKeys) {
    out.push(mutation('metadata', `label key ${JSON.stringify(labelKey.slice(0, 30))}`, (object) => void (object.metadata.labels[labelKey] = 'v')));
    out.push(mutation('metadata', `annotation key ${JSON.stringify(labelKey.slice(0, 30))}`, (object) => void (object.metadata.annotations = { [labelKey]: 'v' })));
  }
  for (const value of labelValues) {
    out.push(mutation('metadata', `label value ${JSON.stringify(value.slice(0, 30))}`, (object) => void (object.metadata.labels.tier = value)));
    out.push(mutation('metadata', `template label value ${JSON.stringify(value.slice(0, 30))}`, (object) => {
      const meta = templateMetaOf(object);
      if (meta === undefined) return false;
      meta.labels.tier = value;
    }));
  }
  out.push(mutation('metadata', 'annotations of 300 KiB', (object) => void (object.metadata.annotations = { big: 'x'.repeat(300 * 1024) })));
  out.push(mutation('metadata', 'annotations of 200 KiB', (object) => void (object.metadata.annotations = { big: 'x'.repeat(200 * 1024) })));
  return out;
}

/** Edits of a pod spec, applied to every pod-bearing kind. */
function podSpecMutations(): Mutation[] {
  const out: Mutation[] = [];
  const onPod = (klass: MutationClass, description: string, edit: (spec: KubeObject, container: KubeObject) => void) =>
    out.push(mutation(klass, `pod: ${description}`, (object) => {
      const spec = podSpecOf(object);
      if (spec === undefined) return false;
      edit(spec, spec.containers[0]);
    }));
  for (const protocol of ['tcp', 'TCP', 'UDP', 'SCTP', 'HTTP', '']) onPod('enum', `container port protocol ${protocol}`, (_, c) => void (c.ports[0].protocol = protocol));
  for (const policy of ['always', 'Always', 'IfNotPresent', 'Never', 'Sometimes', '']) onPod('enum', `imagePullPolicy ${policy}`, (_, c) => void (c.imagePullPolicy = policy));
  for (const policy of ['Always', 'OnFailure', 'Never', 'Sometimes', 'never']) onPod('enum', `restartPolicy ${policy}`, (spec) => void (spec.restartPolicy = policy));
  onPod('enum', 'no restartPolicy', (spec) => void delete spec.restartPolicy);
  for (const policy of ['ClusterFirst', 'clusterfirst', 'None2']) onPod('enum', `dnsPolicy ${policy}`, (spec) => void (spec.dnsPolicy = policy));
  for (const policy of ['File', 'file']) onPod('enum', `terminationMessagePolicy ${policy}`, (_, c) => void (c.terminationMessagePolicy = policy));
  for (const operator of ['Exists', 'exists', 'Equal', 'Lt']) onPod('enum', `toleration operator ${operator}`, (spec) => void (spec.tolerations = [{ key: 'dedicated', operator }]));
  for (const effect of ['NoSchedule', 'noschedule', 'NoExecute']) onPod('enum', `toleration effect ${effect}`, (spec) => void (spec.tolerations = [{ key: 'dedicated', operator: 'Exists', effect }]));
  onPod('cross-field', 'toleration Exists with a value', (spec) => void (spec.tolerations = [{ key: 'dedicated', operator: 'Exists', value: 'x' }]));
  for (const port of [0, -1, 1, 65535, 65536, 70000]) onPod('range', `containerPort ${port}`, (_, c) => void (c.ports[0].containerPort = port));
  for (const port of [0, 80, 70000]) onPod('range', `hostPort ${port}`, (_, c) => void (c.ports[0].hostPort = port));
  for (const skew of [-1, 0, 1, 3]) {
    onPod('range', `maxSkew ${skew}`, (spec) => void (spec.topologySpreadConstraints = [{ maxSkew: skew, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }]));
  }
  for (const when of ['ScheduleAnyway', 'scheduleanyway']) {
    onPod('enum', `whenUnsatisfiable ${when}`, (spec) => void (spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: when }]));
  }
  onPod('cross-field', 'two spread constraints on the same key', (spec) =>
    void (spec.topologySpreadConstraints = [1, 2].map((maxSkew) => ({ maxSkew, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }))));
  for (const key of ['zone', 'Zone/x/y', '']) onPod('spec-name', `topologyKey ${JSON.stringify(key)}`, (spec) => void (spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule' }]));
  for (const seconds of [-1, 0, 5]) onPod('range', `probe periodSeconds ${seconds}`, (_, c) => void (c.livenessProbe.periodSeconds = seconds));
  for (const threshold of [1, 2]) {
    onPod('range', `liveness successThreshold ${threshold}`, (_, c) => void (c.livenessProbe.successThreshold = threshold));
    onPod('range', `readiness successThreshold ${threshold}`, (_, c) => void (c.readinessProbe.successThreshold = threshold));
  }
  for (const port of [0, 70000, 'HTTP', 'http', 'metrics-port-too-long']) onPod('range', `probe httpGet port ${port}`, (_, c) => void (c.livenessProbe.httpGet.port = port));
  for (const seconds of [-5, 0, 30]) onPod('range', `activeDeadlineSeconds ${seconds}`, (spec) => void (spec.activeDeadlineSeconds = seconds));
  onPod('cross-field', 'probe with no handler', (_, c) => void (c.livenessProbe = { periodSeconds: 10 }));
  onPod('cross-field', 'probe with two handlers', (_, c) => void (c.livenessProbe = { httpGet: { path: '/', port: 8080 }, tcpSocket: { port: 8080 } }));
  onPod('cross-field', 'exec probe without a command', (_, c) => void (c.livenessProbe = { exec: {} }));
  onPod('cross-field', 'container without image', (_, c) => void delete c.image);
  onPod('cross-field', 'container with empty image', (_, c) => void (c.image = ''));
  onPod('cross-field', 'image with trailing space', (_, c) => void (c.image = 'nginx:1.27 '));
  onPod('cross-field', 'no containers', (spec) => void (spec.containers = []));
  onPod('cross-field', 'volumeMount naming no volume', (_, c) => void (c.volumeMounts[0].name = 'missing'));
  onPod('cross-field', 'two mounts on one path', (spec, c) => {
    spec.volumes.push({ name: 'scratch', emptyDir: {} });
    c.volumeMounts.push({ name: 'scratch', mountPath: '/etc/web' });
  });
  onPod('cross-field', 'volume with two sources', (spec) => void (spec.volumes[0].emptyDir = {}));
  onPod('cross-field', 'volume without a source', (spec) => void spec.volumes.push({ name: 'scratch' }));
  onPod('cross-field', 'duplicate volume name', (spec) => void spec.volumes.push({ name: 'config', emptyDir: {} }));
  onPod('cross-field', 'configMap volume without a name', (spec) => void (spec.volumes[0].configMap = {}));
  onPod('cross-field', 'secret volume without secretName', (spec) => void (spec.volumes[0] = { name: 'config', secret: {} }));
  onPod('cross-field', 'env value and valueFrom', (_, c) => void (c.env[0].valueFrom = { fieldRef: { fieldPath: 'metadata.name' } }));
  onPod('cross-field', 'env valueFrom with two sources', (_, c) =>
    void (c.env[0] = { name: 'MODE', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'web-config', key: 'mode' } } }));
  onPod('cross-field', 'envFrom with no source', (_, c) => void (c.envFrom = [{ prefix: 'X_' }]));
  onPod('cross-field', 'duplicate container name', (spec, c) => void spec.containers.push({ ...structuredClone(c), ports: [] }));
  onPod('cross-field', 'init container named like a container', (spec) => void (spec.initContainers = [{ name: 'web', image: 'busybox:1.36' }]));
  onPod('cross-field', 'duplicate port name in a container', (_, c) => void c.ports.push({ name: 'http', containerPort: 9090 }));
  const resourceEdits: Array<[string, KubeObject]> = [
    ['cpu request above limit', { requests: { cpu: '600m' }, limits: { cpu: '500m' } }],
    ['memory request above limit', { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } }],
    ['cpu request equal to limit written differently', { requests: { cpu: '0.5' }, limits: { cpu: '500m' } }],
    ['memory request equal to limit written differently', { requests: { memory: '1024Mi' }, limits: { memory: '1Gi' } }],
    ['request just below limit', { requests: { cpu: '499m' }, limits: { cpu: '0.5' } }],
    ['limit only', { limits: { cpu: '1', memory: '1Gi' } }],
    ['negative cpu request', { requests: { cpu: '-100m' } }],
    ['negative memory limit', { limits: { memory: '-1Gi' } }],
    ['resource foo', { requests: { foo: '1' } }],
    ['resource requests.foo', { requests: { 'requests.foo': '1' } }],
    ['resource Cpu', { limits: { Cpu: '1' } }],
    ['ephemeral-storage', { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '2Gi' } }],
    ['extended resource limit only', { limits: { 'example.com/gpu': '1' } }],
    ['extended resource request only', { requests: { 'example.com/gpu': '1' } }],
    ['extended resource request below limit', { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } }],
    ['extended resource with a bad name', { limits: { 'example.com/gpu_x!': '1' } }],
  ];
  for (const [description, resources] of resourceEdits) onPod('cross-field', `resources: ${description}`, (_, c) => void (c.resources = structuredClone(resources)));
  for (const name of ['web', 'Web', 'web_1', 'x'.repeat(63), 'x'.repeat(64), '1web', 'web.1']) onPod('spec-name', `container name ${JSON.stringify(name.slice(0, 20))}`, (_, c) => void (c.name = name));
  for (const name of ['http', 'HTTP', 'x'.repeat(15), 'x'.repeat(16), 'http-8080', '8080', 'a--b', '-a', 'a-', 'h_ttp']) {
    onPod('spec-name', `container port name ${JSON.stringify(name)}`, (_, c) => void (c.ports[0].name = name));
  }
  for (const name of ['A_B', '1A', 'a.b', 'a-b', 'a=b', 'a b', 'caf\u00e9', '$HOME', '']) onPod('spec-name', `env name ${JSON.stringify(name)}`, (_, c) => void (c.env[0].name = name));
  for (const key of ['mode', 'a/b', '..a', '.a', 'a..b', 'a b', '.', 'k'.repeat(254)]) {
    onPod('spec-name', `configMapKeyRef key ${JSON.stringify(key.slice(0, 20))}`, (_, c) => void (c.env[0] = { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'web-config', key } } }));
    onPod('spec-name', `volume item key ${JSON.stringify(key.slice(0, 20))}`, (spec) => void (spec.volumes[0].configMap.items = [{ key, path: 'mode' }]));
  }
  for (const name of ['', 'Web-Config', 'web.config']) onPod('spec-name', `secretKeyRef name ${JSON.stringify(name)}`, (_, c) => void (c.env[0] = { name: 'MODE', valueFrom: { secretKeyRef: { name, key: 'mode' } } }));
  for (const prefix of ['APP_', '1_', 'A=']) onPod('spec-name', `envFrom prefix ${prefix}`, (_, c) => void (c.envFrom = [{ prefix, configMapRef: { name: 'web-config' } }]));
  for (const name of ['scratch', 'Scratch', 'x'.repeat(64)]) onPod('spec-name', `volume name ${JSON.stringify(name.slice(0, 20))}`, (spec) => void spec.volumes.push({ name, emptyDir: {} }));
  for (const name of ['web', 'Web_SA', 'web.sa']) onPod('spec-name', `serviceAccountName ${name}`, (spec) => void (spec.serviceAccountName = name));
  for (const name of ['web-0', 'web.0']) onPod('spec-name', `hostname ${name}`, (spec) => void (spec.hostname = name));
  for (const key of ['disktype', 'foo/bar/baz', 'kubernetes.io/os']) onPod('spec-name', `nodeSelector key ${key}`, (spec) => void (spec.nodeSelector = { [key]: 'linux' }));
  for (const value of ['ssd_fast', '_ssd']) onPod('spec-name', `nodeSelector value ${value}`, (spec) => void (spec.nodeSelector = { disktype: value }));
  for (const key of ['dedicated', 'Dedicated/x/y']) onPod('spec-name', `toleration key ${key}`, (spec) => void (spec.tolerations = [{ key, operator: 'Exists' }]));
  for (const path of ['mode', 'conf/mode', '/etc/mode', '../mode', 'a/../b', '..mode', '']) {
    onPod('spec-name', `volume item path ${JSON.stringify(path)}`, (spec) => void (spec.volumes[0].configMap.items = [{ key: 'mode', path }]));
  }
  for (const id of [-1, 0, 1000, 2147483648]) {
    onPod('range', `runAsUser ${id}`, (spec) => void (spec.securityContext = { runAsUser: id }));
    onPod('range', `container runAsGroup ${id}`, (_, c) => void (c.securityContext = { runAsGroup: id }));
  }
  for (const seconds of [-1, 0, 30]) onPod('range', `terminationGracePeriodSeconds ${seconds}`, (spec) => void (spec.terminationGracePeriodSeconds = seconds));
  for (const size of ['-1Mi', '0', '64Mi']) onPod('range', `emptyDir sizeLimit ${size}`, (spec) => void spec.volumes.push({ name: 'tmp', emptyDir: { sizeLimit: size } }));
  onPod('cross-field', 'dnsPolicy None without dnsConfig', (spec) => void (spec.dnsPolicy = 'None'));
  onPod('cross-field', 'hostNetwork with a hostPort unlike containerPort', (spec, c) => {
    spec.hostNetwork = true;
    c.ports[0].hostPort = 9090;
  });
  onPod('cross-field', 'the same hostPort on two containers', (spec, c) => {
    c.ports[0].hostPort = 9090;
    spec.containers.push({ name: 'twin', image: 'nginx:1.27', ports: [{ containerPort: 8081, hostPort: 9090 }] });
  });
  onPod('cross-field', 'lifecycle hook without a handler', (_, c) => void (c.lifecycle = { preStop: {} }));
  onPod('cross-field', 'lifecycle hook with two handlers', (_, c) => void (c.lifecycle = { preStop: { exec: { command: ['true'] }, sleep: { seconds: 1 } } }));
  for (const seconds of [-1, 0]) onPod('range', `preStop sleep ${seconds}`, (_, c) => void (c.lifecycle = { preStop: { sleep: { seconds } } }));
  for (const name of ['regcred', 'Reg_Cred', '']) onPod('spec-name', `imagePullSecrets name ${JSON.stringify(name)}`, (spec) => void (spec.imagePullSecrets = [{ name }]));
  for (const mode of [0o644, 0o777, 0o1000, -1]) onPod('range', `defaultMode ${mode}`, (spec) => void (spec.volumes[0].configMap.defaultMode = mode));
  onPod('cross-field', 'init container with a liveness probe', (spec) => void (spec.initContainers = [{ name: 'init', image: 'busybox:1.36', livenessProbe: { exec: { command: ['true'] } } }]));
  onPod('cross-field', 'init container with a lifecycle hook', (spec) => void (spec.initContainers = [{ name: 'init', image: 'busybox:1.36', lifecycle: { preStop: { sleep: { seconds: 1 } } } }]));
  onPod('cross-field', 'init container restartPolicy OnFailure', (spec) => void (spec.initContainers = [{ name: 'init', image: 'busybox:1.36', restartPolicy: 'OnFailure' }]));
  onPod('cross-field', 'regular container restartPolicy Always', (_, c) => void (c.restartPolicy = 'Always'));
  for (const type of ['example.com/ready', 'Ready/x/y']) onPod('spec-name', `readinessGate ${type}`, (spec) => void (spec.readinessGates = [{ conditionType: type }]));
  onPod('cross-field', 'probe terminationGracePeriodSeconds 0', (_, c) => void (c.livenessProbe.terminationGracePeriodSeconds = 0));
  onPod('cross-field', 'readiness probe terminationGracePeriodSeconds', (_, c) => void (c.readinessProbe.terminationGracePeriodSeconds = 10));
  // Shapes real manifests have, that a check must not refuse by mistake.
  onPod('cross-field', 'sidecar init container with probes', (spec) =>
    void (spec.initContainers = [{ name: 'proxy', image: 'envoy:1', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 15000 } }, startupProbe: { exec: { command: ['true'] } } }]));
  onPod('cross-field', 'init container with a volume mount', (spec) => void (spec.initContainers = [{ name: 'init', image: 'busybox:1.36', volumeMounts: [{ name: 'config', mountPath: '/x' }] }]));
  onPod('cross-field', 'init container mounting no volume', (spec) => void (spec.initContainers = [{ name: 'init', image: 'busybox:1.36', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }]));
  onPod('cross-field', 'lifecycle hooks', (_, c) => void (c.lifecycle = { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } }));
  onPod('cross-field', 'env from the downward API and resources', (_, c) =>
    void c.env.push({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }));
  onPod('cross-field', 'envFrom a Secret with a prefix', (_, c) => void (c.envFrom = [{ prefix: 'DB_', secretRef: { name: 'db' } }, { configMapRef: { name: 'web-config', optional: true } }]));
  onPod('cross-field', 'many volume kinds', (spec, c) => {
    spec.volumes.push(
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'token', projected: { sources: [{ configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }, { secret: { name: 'extra' } }] } },
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400, items: [{ key: '.dockerconfigjson', path: 'config.json' }] } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
    );
    c.volumeMounts.push({ name: 'tmp', mountPath: '/tmp' }, { name: 'token', mountPath: '/var/run/token', readOnly: true }, { name: 'creds', mountPath: '/creds', subPath: 'config.json' });
  });
  onPod('cross-field', 'subPath and subPathExpr together', (_, c) => void Object.assign(c.volumeMounts[0], { subPath: 'a', subPathExpr: '$(POD_NAME)' }));
  onPod('cross-field', 'securityContext of a hardened pod', (spec, c) => {
    spec.securityContext = { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
    c.securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
  });
  onPod('cross-field', 'affinity and tolerations', (spec) => {
    spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } };
    spec.tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' }];
  });
  onPod('cross-field', 'spread constraint with minDomains and matchLabelKeys', (spec) =>
    void (spec.topologySpreadConstraints = [{ maxSkew: 1, minDomains: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'], labelSelector: { matchLabels: { app: 'web' } } }]));
  onPod('cross-field', 'GPU limits and hugepages', (_, c) => void (c.resources = { limits: { 'nvidia.com/gpu': '1', 'hugepages-2Mi': '4Mi', memory: '1Gi', cpu: '1' }, requests: { 'nvidia.com/gpu': 1, cpu: '250m', memory: '256Mi' } }));
  onPod('cross-field', 'grpc and exec probes', (_, c) => {
    c.livenessProbe = { grpc: { port: 9090 }, initialDelaySeconds: 5, failureThreshold: 3 };
    c.startupProbe = { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 2, failureThreshold: 30 };
  });
  onPod('cross-field', 'dnsPolicy None with dnsConfig', (spec) => void Object.assign(spec, { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'] } }));
  onPod('cross-field', 'hostNetwork with hostPort equal to containerPort', (spec, c) => {
    spec.hostNetwork = true;
    c.ports[0].hostPort = 8080;
  });
  onPod('cross-field', 'two containers, distinct ports and names', (spec) =>
    void spec.containers.push({ name: 'metrics', image: 'exporter:1', ports: [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }, { containerPort: 9100, protocol: 'UDP' }] }));
  onPod('cross-field', 'a port with the same number on two containers', (spec) => void spec.containers.push({ name: 'twin', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }));
  return out;
}

const kindOnly = (kind: string, klass: MutationClass, description: string, edit: (object: KubeObject) => void): Mutation =>
  mutation(klass, `${description}`, (object) => {
    if (object.kind !== kind) return false;
    edit(object);
  });

function kindMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet']) {
    for (const replicas of [-1, 0, 3]) out.push(kindOnly(kind, 'range', `replicas ${replicas}`, (o) => void (o.spec.replicas = replicas)));
  }
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) {
    out.push(kindOnly(kind, 'cross-field', 'selector not matching template labels', (o) => void (o.spec.selector.matchLabels = { app: 'other' })));
    out.push(kindOnly(kind, 'cross-field', 'selector a subset of template labels', (o) => void (o.spec.template.metadata.labels.tier = 'front')));
    out.push(kindOnly(kind, 'cross-field', 'selector expression In matching', (o) => void (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })));
    out.push(kindOnly(kind, 'cross-field', 'selector expression NotIn excluding the template', (o) => void (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] })));
    out.push(kindOnly(kind, 'cross-field', 'selector expression In without values', (o) => void (o.spec.selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] })));
    out.push(kindOnly(kind, 'enum', 'selector operator in', (o) => void (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] })));
    out.push(kindOnly(kind, 'cross-field', 'empty selector', (o) => void (o.spec.selector = {})));
    out.push(kindOnly(kind, 'cross-field', 'template without labels', (o) => void delete o.spec.template.metadata.labels));
    for (const seconds of [-1, 10]) out.push(kindOnly(kind, 'range', `minReadySeconds ${seconds}`, (o) => void (o.spec.minReadySeconds = seconds)));
  }
  out.push(kindOnly('Deployment', 'cross-field', 'Recreate with rollingUpdate', (o) => void (o.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } })));
  out.push(kindOnly('Deployment', 'cross-field', 'Recreate alone', (o) => void (o.spec.strategy = { type: 'Recreate' })));
  out.push(kindOnly('Deployment', 'enum', 'strategy type recreate', (o) => void (o.spec.strategy = { type: 'recreate' })));
  const rollingUpdates: Array<[string, KubeObject]> = [
    ['maxSurge 0 and maxUnavailable 0', { maxSurge: 0, maxUnavailable: 0 }],
    ['maxSurge 0% and maxUnavailable 0', { maxSurge: '0%', maxUnavailable: 0 }],
    ['maxUnavailable 0 alone', { maxUnavailable: 0 }],
    ['maxSurge 0 alone', { maxSurge: 0 }],
    ['maxUnavailable 101%', { maxUnavailable: '101%' }],
    ['maxSurge 150%', { maxSurge: '150%' }],
    ['maxUnavailable -1', { maxUnavailable: -1 }],
    ['maxUnavailable 100%', { maxUnavailable: '100%' }],
  ];
  for (const [description, rollingUpdate] of rollingUpdates) {
    out.push(kindOnly('Deployment', 'range', `rollingUpdate ${description}`, (o) => void (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { ...rollingUpdate } })));
    out.push(kindOnly('DaemonSet', 'range', `rollingUpdate ${description}`, (o) => void (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { ...rollingUpdate } })));
  }
  for (const [minReady, deadline] of [[10, 5], [10, 10], [700, undefined], [10, 600], [0, -1]] as const) {
    out.push(kindOnly('Deployment', 'cross-field', `minReadySeconds ${minReady} progressDeadlineSeconds ${deadline}`, (o) => {
      o.spec.minReadySeconds = minReady;
      if (deadline !== undefined) o.spec.progressDeadlineSeconds = deadline;
    }));
  }
  for (const [kind, type] of [['StatefulSet', 'OnDelete'], ['StatefulSet', 'onDelete'], ['DaemonSet', 'OnDelete'], ['DaemonSet', 'Rolling']] as const) {
    out.push(kindOnly(kind, 'enum', `updateStrategy ${type}`, (o) => void (o.spec.updateStrategy = { type })));
  }
  out.push(kindOnly('StatefulSet', 'cross-field', 'OnDelete with rollingUpdate', (o) => void (o.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } })));
  out.push(kindOnly('DaemonSet', 'cross-field', 'OnDelete with rollingUpdate', (o) => void (o.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { maxUnavailable: 1 } })));
  for (const partition of [-1, 2]) out.push(kindOnly('StatefulSet', 'range', `partition ${partition}`, (o) => void (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition } })));
  for (const policy of ['Parallel', 'parallel']) out.push(kindOnly('StatefulSet', 'enum', `podManagementPolicy ${policy}`, (o) => void (o.spec.podManagementPolicy = policy)));
  for (const policy of ['Retain', 'retain']) out.push(kindOnly('StatefulSet', 'enum', `whenDeleted ${policy}`, (o) => void (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: policy })));
  out.push(kindOnly('StatefulSet', 'cross-field', 'claim template without storage', (o) => void (o.spec.volumeClaimTemplates[0].spec.resources = {})));
  out.push(kindOnly('StatefulSet', 'cross-field', 'claim template without access modes', (o) => void delete o.spec.volumeClaimTemplates[0].spec.accessModes));
  out.push(kindOnly('StatefulSet', 'cross-field', 'mount of a claim template', (o) => void (o.spec.template.spec.containers[0].volumeMounts[0].name = 'data')));
  out.push(kindOnly('StatefulSet', 'cross-field', 'mount of an unknown claim', (o) => void (o.spec.template.spec.containers[0].volumeMounts[0].name = 'data2')));
  for (const edit of podlessServiceMutations()) out.push(edit);
  for (const [field, values] of [['parallelism', [-1, 0, 2]], ['completions', [-1, 3]], ['backoffLimit', [-1, 0]], ['ttlSecondsAfterFinished', [-1, 0]], ['activeDeadlineSeconds', [-1, 0, 60]]] as const) {
    for (const value of values) out.push(kindOnly('Job', 'range', `${field} ${value}`, (o) => void (o.spec[field] = value)));
  }
  out.push(kindOnly('Job', 'cross-field', 'selector without manualSelector', (o) => void (o.spec.selector = { matchLabels: { app: 'web' } })));
  out.push(kindOnly('Job', 'cross-field', 'Indexed without completions', (o) => void (o.spec.completionMode = 'Indexed')));
  out.push(kindOnly('Job', 'enum', 'completionMode indexed', (o) => void (o.spec.completionMode = 'indexed')));
  for (const length of [52, 53, 63, 64]) {
    out.push(kindOnly('Job', 'metadata', `name of ${length} characters`, (o) => void (o.metadata.name = 'j'.repeat(length))));
    out.push(kindOnly('CronJob', 'metadata', `name of ${length} characters`, (o) => void (o.metadata.name = 'c'.repeat(length))));
  }
  for (const policy of ['Forbid', 'forbid']) out.push(kindOnly('CronJob', 'enum', `concurrencyPolicy ${policy}`, (o) => void (o.spec.concurrencyPolicy = policy)));
  for (const schedule of [
    'CRON_TZ=UTC 0 * * * *', 'TZ=UTC 0 * * * *', '@hourly', '@daily', '@every 1h30m', '@every forever', '@sometimes', '@hourly 5',
    '* * * *', '0 0 * * * *', '60 * * * *', '* 24 * * *', '0 0 0 * *', '0 0 32 * *', '0 0 * 13 *', '0 0 * * 7', '0 0 * * 6',
    '*/15 * * * *', '0 9-17 * * MON-FRI', '0 0 1 jan,jul *', '0 0 ? * *', '5/10 * * * *', '*/0 * * * *', '30-10 * * * *', '0 0 * * sun-sat',
    '1-2-3 * * * *', 'every day', '0 0 * * mond', '0,30 * * * *', '0, * * * *', '*/5/2 * * * *', '  0 0 * * *  ',
  ]) out.push(kindOnly('CronJob', 'cross-field', `schedule ${schedule}`, (o) => void (o.spec.schedule = schedule)));
  for (const [field, value] of [['startingDeadlineSeconds', -1], ['successfulJobsHistoryLimit', -1], ['failedJobsHistoryLimit', 0]] as const) {
    out.push(kindOnly('CronJob', 'range', `${field} ${value}`, (o) => void (o.spec[field] = value)));
  }
  for (const [min, max] of [[0, 5], [1, 5], [-1, 5], [3, 2], [2, 2], [undefined, 0], [undefined, 1], [5, 0]] as const) {
    out.push(kindOnly('HorizontalPodAutoscaler', 'range', `minReplicas ${min} maxReplicas ${max}`, (o) => {
      if (min === undefined) delete o.spec.minReplicas;
      else o.spec.minReplicas = min;
      o.spec.maxReplicas = max;
    }));
  }
  for (const utilization of [0, 1, 150]) out.push(kindOnly('HorizontalPodAutoscaler', 'range', `averageUtilization ${utilization}`, (o) => void (o.spec.metrics[0].resource.target.averageUtilization = utilization)));
  for (const type of ['utilization', 'AverageValue']) out.push(kindOnly('HorizontalPodAutoscaler', 'enum', `target type ${type}`, (o) => void (o.spec.metrics[0].resource.target = { type, averageValue: '500m' })));
  out.push(kindOnly('HorizontalPodAutoscaler', 'enum', 'metric type resource', (o) => void (o.spec.metrics[0].type = 'resource')));
  out.push(kindOnly('HorizontalPodAutoscaler', 'cross-field', 'metric type Pods with a resource source', (o) => void (o.spec.metrics[0].type = 'Pods')));
  for (const window of [-1, 3600, 3601]) out.push(kindOnly('HorizontalPodAutoscaler', 'range', `stabilizationWindowSeconds ${window}`, (o) => void (o.spec.behavior = { scaleDown: { stabilizationWindowSeconds: window } })));
  for (const [value, period] of [[0, 60], [1, 0], [1, 1800], [1, 1801]] as const) {
    out.push(kindOnly('HorizontalPodAutoscaler', 'range', `policy value ${value} period ${period}`, (o) => void (o.spec.behavior = { scaleUp: { policies: [{ type: 'Pods', value, periodSeconds: period }] } })));
  }
  out.push(kindOnly('HorizontalPodAutoscaler', 'enum', 'selectPolicy max', (o) => void (o.spec.behavior = { scaleUp: { selectPolicy: 'max' } })));
  out.push(kindOnly('HorizontalPodAutoscaler', 'cross-field', 'every metric type', (o) => {
    o.spec.metrics = [
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'web', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'Object', object: { metric: { name: 'hits' }, describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, target: { type: 'Value', value: '10k' } } },
      { type: 'External', external: { metric: { name: 'queue_depth', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
    ];
  }));
  out.push(kindOnly('HorizontalPodAutoscaler', 'cross-field', 'behavior with policies', (o) =>
    void (o.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] }, scaleUp: { selectPolicy: 'Disabled' } })));
  out.push(kindOnly('HorizontalPodAutoscaler', 'spec-name', 'scaleTargetRef name with a slash', (o) => void (o.spec.scaleTargetRef.name = 'a/b')));
  out.push(kindOnly('PodDisruptionBudget', 'cross-field', 'minAvailable and maxUnavailable', (o) => void (o.spec.maxUnavailable = 1)));
  for (const value of ['50%', '101%', -1, 0, '5']) {
    out.push(kindOnly('PodDisruptionBudget', 'range', `minAvailable ${value}`, (o) => void (o.spec.minAvailable = value)));
    out.push(kindOnly('PodDisruptionBudget', 'range', `maxUnavailable ${value}`, (o) => {
      delete o.spec.minAvailable;
      o.spec.maxUnavailable = value;
    }));
  }
  for (const policy of ['AlwaysAllow', 'always']) out.push(kindOnly('PodDisruptionBudget', 'enum', `unhealthyPodEvictionPolicy ${policy}`, (o) => void (o.spec.unhealthyPodEvictionPolicy = policy)));
  out.push(...ingressMutations(), ...networkPolicyMutations(), ...claimMutations(), ...clusterMutations(), ...dataMutations());
  return out;
}

function podlessServiceMutations(): Mutation[] {
  const out: Mutation[] = [];
  const service = (klass: MutationClass, description: string, edit: (spec: KubeObject) => void) => out.push(kindOnly('Service', klass, description, (o) => edit(o.spec)));
  for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer', 'loadbalancer', 'Internal']) service('enum', `type ${type}`, (spec) => void (spec.type = type));
  for (const protocol of ['tcp', 'UDP', 'SCTP', 'HTTP']) service('enum', `port protocol ${protocol}`, (spec) => void (spec.ports[0].protocol = protocol));
  for (const affinity of ['ClientIP', 'clientip']) service('enum', `sessionAffinity ${affinity}`, (spec) => void (spec.sessionAffinity = affinity));
  for (const policy of ['Local', 'local']) service('enum', `internalTrafficPolicy ${policy}`, (spec) => void (spec.internalTrafficPolicy = policy));
  for (const port of [0, 1, 65535, 65536, -1]) service('range', `port ${port}`, (spec) => void (spec.ports[0].port = port));
  for (const target of [0, 8080, 70000, 'http', 'HTTP', 'x'.repeat(16), '8080']) service('range', `targetPort ${JSON.stringify(target)}`, (spec) => void (spec.ports[0].targetPort = target));
  service('cross-field', 'two ports, one unnamed', (spec) => void spec.ports.push({ port: 443, targetPort: 8443 }));
  service('cross-field', 'two ports, both unnamed', (spec) => void (spec.ports = [{ port: 80 }, { port: 443 }]));
  service('cross-field', 'two ports with the same name', (spec) => void spec.ports.push({ name: 'http', port: 443 }));
  service('cross-field', 'two ports, unique names', (spec) => void spec.ports.push({ name: 'https', port: 443 }));
  service('cross-field', 'same port twice, different protocols', (spec) => void spec.ports.push({ name: 'dns', port: 80, protocol: 'UDP' }));
  service('cross-field', 'same port and protocol twice', (spec) => void spec.ports.push({ name: 'again', port: 80 }));
  service('cross-field', 'no ports', (spec) => void (spec.ports = []));
  service('cross-field', 'headless without ports', (spec) => {
    spec.clusterIP = 'None';
    spec.ports = [];
  });
  service('cross-field', 'ExternalName without externalName', (spec) => {
    spec.type = 'ExternalName';
    delete spec.selector;
  });
  service('cross-field', 'ExternalName with a name', (spec) => {
    spec.type = 'ExternalName';
    spec.externalName = 'db.example.com';
    delete spec.selector;
  });
  service('cross-field', 'ExternalName with a bad name', (spec) => {
    spec.type = 'ExternalName';
    spec.externalName = 'DB_host';
    delete spec.selector;
  });
  service('cross-field', 'nodePort on ClusterIP', (spec) => void (spec.ports[0].nodePort = 30080));
  for (const name of ['http', 'HTTP', 'x'.repeat(16), 'a--b', '1234', 'web_http', 'x'.repeat(64)]) service('spec-name', `port name ${JSON.stringify(name.slice(0, 20))}`, (spec) => void (spec.ports[0].name = name));
  service('cross-field', 'LoadBalancer with nodePort and Local traffic', (spec) => {
    spec.type = 'LoadBalancer';
    spec.externalTrafficPolicy = 'Local';
    spec.ports[0].nodePort = 30080;
  });
  service('cross-field', 'NodePort with an explicit nodePort', (spec) => {
    spec.type = 'NodePort';
    spec.ports[0].nodePort = 30081;
  });
  service('cross-field', 'externalTrafficPolicy Local on ClusterIP', (spec) => void (spec.externalTrafficPolicy = 'Local'));
  service('cross-field', 'dual-stack preferred', (spec) => void Object.assign(spec, { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] }));
  service('cross-field', 'session affinity with timeout', (spec) => void Object.assign(spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } }));
  service('cross-field', 'appProtocol and a UDP port', (spec) => void spec.ports.push({ name: 'dns', port: 53, protocol: 'UDP', appProtocol: 'kubernetes.io/h2c' }));
  service('cross-field', 'ExternalName with ports', (spec) => {
    spec.type = 'ExternalName';
    spec.externalName = 'db.example.com.';
    delete spec.selector;
  });
  for (const key of ['app', 'foo/bar/baz']) service('spec-name', `selector key ${key}`, (spec) => void (spec.selector = { [key]: 'web' }));
  service('spec-name', 'selector value _web', (spec) => void (spec.selector = { app: '_web' }));
  return out;
}

function ingressMutations(): Mutation[] {
  const out: Mutation[] = [];
  const path = (description: string, klass: MutationClass, edit: (entry: KubeObject) => void) =>
    out.push(kindOnly('Ingress', klass, description, (o) => edit(o.spec.rules[0].http.paths[0])));
  for (const type of ['Exact', 'exact', 'Prefix', 'ImplementationSpecific', 'Regex']) path(`pathType ${type}`, 'enum', (entry) => void (entry.pathType = type));
  path('no pathType', 'enum', (entry) => void delete entry.pathType);
  for (const value of ['/api', 'api', '']) {
    path(`Prefix path ${JSON.stringify(value)}`, 'cross-field', (entry) => void (entry.path = value));
    path(`ImplementationSpecific path ${JSON.stringify(value)}`, 'cross-field', (entry) => {
      entry.pathType = 'ImplementationSpecific';
      entry.path = value;
    });
  }
  for (const port of [0, 80, 70000]) path(`backend port number ${port}`, 'range', (entry) => void (entry.backend.service.port = { number: port }));
  for (const name of ['http', 'HTTP', 'x'.repeat(16)]) path(`backend port name ${name}`, 'spec-name', (entry) => void (entry.backend.service.port = { name }));
  path('backend port name and number', 'cross-field', (entry) => void (entry.backend.service.port = { name: 'http', number: 80 }));
  path('backend port empty', 'cross-field', (entry) => void (entry.backend.service.port = {}));
  for (const name of ['web', 'Web', '1web', 'web.svc']) path(`backend service name ${name}`, 'spec-name', (entry) => void (entry.backend.service.name = name));
  for (const host of ['*.example.com', 'Web.example.com', '10.0.0.1', '1.2.3', 'web_app.example.com', 'a.*.example.com']) {
    out.push(kindOnly('Ingress', 'spec-name', `host ${host}`, (o) => void (o.spec.rules[0].host = host)));
    out.push(kindOnly('Ingress', 'spec-name', `tls host ${host}`, (o) => void (o.spec.tls = [{ hosts: [host], secretName: 'web-tls' }])));
  }
  out.push(kindOnly('Ingress', 'cross-field', 'no rules and no defaultBackend', (o) => void delete o.spec.rules));
  out.push(kindOnly('Ingress', 'cross-field', 'defaultBackend only', (o) => {
    delete o.spec.rules;
    o.spec.defaultBackend = { service: { name: 'web', port: { number: 80 } } };
  }));
  out.push(kindOnly('Ingress', 'cross-field', 'resource backend', (o) =>
    void (o.spec.rules[0].http.paths[0].backend = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } })));
  out.push(kindOnly('Ingress', 'cross-field', 'TLS, a class, several paths and hosts', (o) => {
    o.spec.ingressClassName = 'nginx';
    o.spec.tls = [{ hosts: ['web.example.com', '*.web.example.com'], secretName: 'web-tls' }];
    o.spec.rules.push({ host: '*.web.example.com', http: { paths: [{ path: '/api/v1', pathType: 'Exact', backend: { service: { name: 'api', port: { name: 'http' } } } }] } });
    o.spec.rules.push({ http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { number: 80 } } } }] } });
  }));
  out.push(kindOnly('Ingress', 'cross-field', 'http rule without paths', (o) => void (o.spec.rules[0].http.paths = [])));
  for (const name of ['nginx', 'Nginx']) out.push(kindOnly('Ingress', 'spec-name', `ingressClassName ${name}`, (o) => void (o.spec.ingressClassName = name)));
  return out;
}

function networkPolicyMutations(): Mutation[] {
  const out: Mutation[] = [];
  const port = (description: string, klass: MutationClass, edit: (entry: KubeObject) => void) =>
    out.push(kindOnly('NetworkPolicy', klass, description, (o) => edit(o.spec.ingress[0].ports[0])));
  for (const protocol of ['tcp', 'UDP', 'SCTP', 'ICMP']) port(`protocol ${protocol}`, 'enum', (entry) => void (entry.protocol = protocol));
  for (const value of [0, 70000, 'http', 'HTTP', 'x'.repeat(16)]) port(`port ${JSON.stringify(value)}`, 'range', (entry) => void (entry.port = value));
  for (const endPort of [8079, 8080, 9000, 70000]) port(`endPort ${endPort}`, 'range', (entry) => void (entry.endPort = endPort));
  port('endPort with a named port', 'cross-field', (entry) => {
    entry.port = 'http';
    entry.endPort = 9000;
  });
  for (const [cidr, except] of [['10.0.0.0/33', []], ['10.0.0.0', []], ['10.0.0.1/8', []], ['10.0.0.0/8', ['192.168.0.0/16']], ['10.0.0.0/8', ['10.0.0.0/8']], ['fd00::/8', ['fd00:1::/32']], ['not-a-cidr', []]] as const) {
    out.push(kindOnly('NetworkPolicy', 'cross-field', `ipBlock ${cidr} except ${except.join(',')}`, (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr, except: [...except] } }])));
  }
  out.push(kindOnly('NetworkPolicy', 'cross-field', 'empty peer', (o) => void (o.spec.ingress[0].from = [{}])));
  out.push(kindOnly('NetworkPolicy', 'cross-field', 'ipBlock with a selector', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }])));
  out.push(kindOnly('NetworkPolicy', 'cross-field', 'ipBlock alone', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8' } }])));
  for (const type of ['Egress', 'egress']) out.push(kindOnly('NetworkPolicy', 'enum', `policyType ${type}`, (o) => void (o.spec.policyTypes = [type])));
  for (const key of ['role', 'Role/x/y']) out.push(kindOnly('NetworkPolicy', 'spec-name', `peer selector key ${key}`, (o) => void (o.spec.ingress[0].from[0].podSelector.matchLabels = { [key]: 'client' })));
  out.push(kindOnly('NetworkPolicy', 'cross-field', 'egress to namespaces, DNS and a CIDR', (o) => {
    o.spec.policyTypes = ['Ingress', 'Egress'];
    o.spec.egress = [
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 8000, endPort: 9000 }] },
      {},
    ];
  }));
  out.push(kindOnly('NetworkPolicy', 'cross-field', 'deny all (empty rules)', (o) => {
    o.spec.podSelector = {};
    o.spec.policyTypes = ['Ingress', 'Egress'];
    delete o.spec.ingress;
  }));
  out.push(kindOnly('NetworkPolicy', 'enum', 'podSelector operator exists', (o) => void (o.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'exists' }] })));
  out.push(kindOnly('NetworkPolicy', 'cross-field', 'podSelector Exists with values', (o) => void (o.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] })));
  return out;
}

function claimMutations(): Mutation[] {
  const out: Mutation[] = [];
  const claim = (description: string, klass: MutationClass, edit: (spec: KubeObject) => void) => out.push(kindOnly('PersistentVolumeClaim', klass, description, (o) => edit(o.spec)));
  for (const modes of [[], ['readwriteonce'], ['ReadWriteMany'], ['ReadWriteOncePod'], ['ReadWriteOncePod', 'ReadOnlyMany'], ['ReadOnlyMany', 'ReadWriteOnce']]) {
    claim(`accessModes ${JSON.stringify(modes)}`, 'enum', (spec) => void (spec.accessModes = modes));
  }
  claim('no accessModes', 'cross-field', (spec) => void delete spec.accessModes);
  claim('no resources', 'cross-field', (spec) => void delete spec.resources);
  claim('requests without storage', 'cross-field', (spec) => void (spec.resources = { requests: {} }));
  claim('storage limit only', 'cross-field', (spec) => void (spec.resources = { limits: { storage: '1Gi' } }));
  for (const storage of ['0', '-1Gi', '1Mi']) claim(`storage ${storage}`, 'range', (spec) => void (spec.resources.requests.storage = storage));
  for (const mode of ['Block', 'block']) claim(`volumeMode ${mode}`, 'enum', (spec) => void (spec.volumeMode = mode));
  for (const name of ['standard', 'Fast_SSD', '']) claim(`storageClassName ${JSON.stringify(name)}`, 'spec-name', (spec) => void (spec.storageClassName = name));
  return out;
}

function clusterMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const name of ['system-node-critical', 'system-custom']) out.push(kindOnly('PriorityClass', 'metadata', `name ${name}`, (o) => void (o.metadata.name = name)));
  for (const value of [1_000_000_000, 1_000_000_001, -5]) out.push(kindOnly('PriorityClass', 'range', `value ${value}`, (o) => void (o.value = value)));
  for (const policy of ['Never', 'never']) out.push(kindOnly('PriorityClass', 'enum', `preemptionPolicy ${policy}`, (o) => void (o.preemptionPolicy = policy)));
  for (const kind of ['ClusterRole', 'Role', 'role', 'Group']) {
    out.push(kindOnly('RoleBinding', 'enum', `roleRef kind ${kind}`, (o) => void (o.roleRef.kind = kind)));
    out.push(kindOnly('ClusterRoleBinding', 'enum', `roleRef kind ${kind}`, (o) => void (o.roleRef.kind = kind)));
  }
  out.push(kindOnly('RoleBinding', 'enum', 'roleRef apiGroup rbac', (o) => void (o.roleRef.apiGroup = 'rbac')));
  for (const name of ['a/b', 'My Role', '']) out.push(kindOnly('RoleBinding', 'spec-name', `roleRef name ${JSON.stringify(name)}`, (o) => void (o.roleRef.name = name)));
  for (const [description, rules] of [
    ['rule without verbs', [{ apiGroups: [''], resources: ['pods'], verbs: [] }]],
    ['rule without apiGroups', [{ resources: ['pods'], verbs: ['get'] }]],
    ['rule with nonResourceURLs in a Role', [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]],
    ['rule without resources', [{ apiGroups: [''], verbs: ['get'] }]],
    ['rule with every verb', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]],
  ] as const) out.push(kindOnly('Role', 'cross-field', description, (o) => void (o.rules = structuredClone(rules))));
  out.push(kindOnly('RoleBinding', 'cross-field', 'ServiceAccount subject without a namespace', (o) => void delete o.subjects[0].namespace));
  out.push(kindOnly('RoleBinding', 'cross-field', 'ServiceAccount subject with an apiGroup', (o) => void (o.subjects[0].apiGroup = 'rbac.authorization.k8s.io')));
  out.push(kindOnly('RoleBinding', 'cross-field', 'ServiceAccount subject named Web_SA', (o) => void (o.subjects[0].name = 'Web_SA')));
  out.push(kindOnly('ClusterRoleBinding', 'cross-field', 'Group subject without apiGroup', (o) => void delete o.subjects[0].apiGroup));
  out.push(kindOnly('ClusterRoleBinding', 'cross-field', 'User subject with the core apiGroup', (o) => void (o.subjects[0] = { kind: 'User', apiGroup: '', name: 'alice' })));
  for (const [type, keys, annotations] of [
    ['kubernetes.io/basic-auth', [], {}],
    ['kubernetes.io/basic-auth', ['username'], {}],
    ['kubernetes.io/service-account-token', [], {}],
    ['kubernetes.io/service-account-token', [], { 'kubernetes.io/service-account.name': 'web' }],
    ['example.com/custom', [], {}],
  ] as const) {
    out.push(kindOnly('Secret', 'cross-field', `type ${type} with keys ${keys.join(',')} and ${Object.keys(annotations).length} annotations`, (o) => {
      o.type = type;
      o.stringData = Object.fromEntries(keys.map((k) => [k, 'x']));
      o.metadata.annotations = { ...annotations };
    }));
  }
  for (const [description, edit] of [
    ['clusterIP not an address', (spec: KubeObject) => void (spec.clusterIP = '10.0.0.300')],
    ['externalIPs not an address', (spec: KubeObject) => void (spec.externalIPs = ['1.2.3'])],
    ['loadBalancerSourceRanges not a CIDR', (spec: KubeObject) => void Object.assign(spec, { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] })],
    ['ExternalName with a clusterIP', (spec: KubeObject) => void Object.assign(spec, { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.10' })],
    ['headless with a nodePort type', (spec: KubeObject) => void Object.assign(spec, { type: 'NodePort', clusterIP: 'None' })],
  ] as const) out.push(kindOnly('Service', 'cross-field', description, (o) => edit(o.spec)));
  for (const kind of ['User', 'serviceaccount']) out.push(kindOnly('ClusterRoleBinding', 'enum', `subject kind ${kind}`, (o) => void (o.subjects[0].kind = kind)));
  return out;
}

function dataMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const finalizer of ['example.com/cleanup', 'Example.com/Cleanup', 'foo/bar/baz', 'cleanup', 'a b']) {
    out.push(mutation('metadata', `finalizer ${finalizer}`, (object) => void (object.metadata.finalizers = [finalizer])));
  }
  for (const [name, value] of [['pods', '-1'], ['requests.cpu', '2'], ['requests.foo', '1'], ['foo', '1'], ['count/deployments.apps', '5'], ['limits.memory', '-1Gi']] as const) {
    out.push(kindOnly('ResourceQuota', 'range', `hard ${name}: ${value}`, (o) => void (o.spec.hard = { [name]: value })));
  }
  for (const scope of ['BestEffort', 'besteffort']) out.push(kindOnly('ResourceQuota', 'enum', `scope ${scope}`, (o) => void (o.spec.scopes = [scope])));
  out.push(kindOnly('Secret', 'range', 'data of 1.1 MiB', (o) => void (o.stringData = { big: 'x'.repeat(1100 * 1024) })));
  for (const key of ['app.properties', 'a/b', '..a', '.env', 'a b', '.', '..', 'k'.repeat(253), 'k'.repeat(254), 'ключ']) {
    out.push(kindOnly('ConfigMap', 'spec-name', `data key ${JSON.stringify(key.slice(0, 20))}`, (o) => void (o.data[key] = 'v')));
    out.push(kindOnly('Secret', 'spec-name', `stringData key ${JSON.stringify(key.slice(0, 20))}`, (o) => void (o.stringData[key] = 'v')));
    out.push(kindOnly('Secret', 'spec-name', `data key ${JSON.stringify(key.slice(0, 20))}`, (o) => void (o.data = { [key]: 'dg==' })));
  }
  out.push(kindOnly('ConfigMap', 'cross-field', 'a key in data and binaryData', (o) => void (o.binaryData = { MODE: 'dg==' })));
  out.push(kindOnly('ConfigMap', 'range', 'data of 1.1 MiB', (o) => void (o.data = { big: 'x'.repeat(1100 * 1024) })));
  out.push(kindOnly('ConfigMap', 'range', 'data of 0.9 MiB', (o) => void (o.data = { big: 'x'.repeat(900 * 1024) })));
  for (const [type, keys] of [
    ['kubernetes.io/tls', ['tls.crt']],
    ['kubernetes.io/tls', ['tls.crt', 'tls.key']],
    ['kubernetes.io/dockerconfigjson', ['config.json']],
    ['kubernetes.io/ssh-auth', ['ssh-privatekey']],
  ] as const) {
    out.push(kindOnly('Secret', 'cross-field', `type ${type} with ${keys.join(', ')}`, (o) => {
      o.type = type;
      o.stringData = Object.fromEntries(keys.map((k) => [k, 'x']));
    }));
  }
  return out;
}

/** What the OpenAPI schema alone decides (fieldValidation=Strict refuses unknown fields). */
function schemaMutations(): Mutation[] {
  const out: Mutation[] = [];
  out.push(mutation('schema', 'unknown top-level field', (object) => void (object.extra = true)));
  out.push(mutation('schema', 'unknown metadata field', (object) => void (object.metadata.lables = { app: 'web' })));
  out.push(mutation('schema', 'label value a number', (object) => void (object.metadata.labels.tier = 3)));
  out.push(mutation('schema', 'annotations a list', (object) => void (object.metadata.annotations = ['a'])));
  out.push(mutation('schema', 'unknown spec field', (object) => {
    if (typeof object.spec !== 'object') return false;
    object.spec.replicaz = 1;
  }));
  const onPod = (description: string, edit: (container: KubeObject) => void) =>
    out.push(mutation('schema', `pod: ${description}`, (object) => {
      const spec = podSpecOf(object);
      if (spec === undefined) return false;
      edit(spec.containers[0]);
    }));
  onPod('containerPort a string', (c) => void (c.ports[0].containerPort = '8080'));
  onPod('unknown container field', (c) => void (c.resource = {}));
  onPod('cpu request 1 Gi', (c) => void (c.resources.requests.cpu = '1 Gi'));
  onPod('memory limit 1GB', (c) => void (c.resources.limits.memory = '1GB'));
  onPod('env value a number', (c) => void (c.env[0].value = 1));
  onPod('container without a name', (c) => void delete c.name);
  // Kubernetes 1.36 only warns about these two (list-map keys of the schema, not hand-written rules).
  onPod('duplicate container port', (c) => void c.ports.push({ name: 'again', containerPort: 8080 }));
  onPod('duplicate env name', (c) => void c.env.push({ name: 'MODE', value: 'other' }));
  onPod('duplicate volumeMount path', (c) => void c.volumeMounts.push({ name: 'config', mountPath: '/etc/web' }));
  out.push(mutation('schema', 'pod: duplicate imagePullSecrets', (object) => {
    const spec = podSpecOf(object);
    if (spec === undefined) return false;
    spec.imagePullSecrets = [{ name: 'regcred' }, { name: 'regcred' }];
  }));
  out.push(mutation('schema', 'pod: duplicate volume', (object) => {
    const spec = podSpecOf(object);
    if (spec === undefined) return false;
    spec.volumes.push({ name: 'config', configMap: { name: 'other' } });
  }));
  return out;
}

export function allMutations(): Mutation[] {
  return [...schemaMutations(), ...metadataMutations(), ...podSpecMutations(), ...kindMutations(), ...customMutations()];
}
