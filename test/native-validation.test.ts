/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   These edit manifests field by field at any depth (KubeObject): deliberately untyped. */
import { describe, expect, it } from 'vitest';
import { baselines, type KubeObject } from '../scripts/fidelity/baselines.ts';
import { podSpecOf } from '../scripts/fidelity/mutations.ts';
import { validateNative } from '../scripts/validate/native/index.ts';

/** A fresh valid object of the kind, edited. */
function of(kind: string, edit: (object: KubeObject) => void = () => {}): KubeObject {
  const object = structuredClone(baselines().find((candidate) => candidate.kind === kind)!);
  edit(object);
  return object;
}

const pointers = (object: KubeObject) => validateNative(object, '1.36').map((finding) => finding.pointer);

/** Only generateName, and hook annotations (an Argo CD Sync hook unless given). */
function hook(object: KubeObject, generateName: string, annotations: Record<string, string> = { 'argocd.argoproj.io/hook': 'Sync' }): void {
  delete object.metadata.name;
  object.metadata.generateName = generateName;
  object.metadata.annotations = { ...object.metadata.annotations, ...annotations };
}

/** [description, object, the pointers of the findings (none: the API server accepts it)] */
type Case = [string, KubeObject, string[]];

/** The same pod-spec edit on a Pod and on a Deployment's template, with the pointer inside each pod spec. */
function onPods(description: string, edit: (spec: KubeObject, container: KubeObject) => void, inside: string[]): Case[] {
  return (['Pod', 'Deployment'] as const).map((kind) => {
    const object = of(kind, (o) => {
      const spec = podSpecOf(o)!;
      edit(spec, spec.containers[0]);
    });
    const prefix = kind === 'Pod' ? '/spec' : '/spec/template/spec';
    return [`${kind}: ${description}`, object, inside.map((pointer) => `${prefix}${pointer}`)];
  });
}

describe('every baseline the fidelity run starts from is valid', () => {
  it.each(baselines().map((object) => [object.kind, object] as const))('%s', (_, object) => {
    expect(pointers(object)).toEqual([]);
  });
});

const metadata: Case[] = [
  ['subdomain name with dots', of('ConfigMap', (o) => void (o.metadata.name = 'web.v2')), []],
  ['name with an underscore', of('ConfigMap', (o) => void (o.metadata.name = 'My_App')), ['/metadata/name']],
  ['name of 254 characters', of('Secret', (o) => void (o.metadata.name = 'a'.repeat(254))), ['/metadata/name']],
  ['name of 253 characters in parts of 63', of('Secret', (o) => void (o.metadata.name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)), []],
  ['Namespace name with a dot (RFC 1123 label)', of('Namespace', (o) => void (o.metadata.name = 'a.b')), ['/metadata/name']],
  ['Service name starting with a digit', of('Service', (o) => void (o.metadata.name = '1abc')), []],
  ['Service name with a dot', of('Service', (o) => void (o.metadata.name = 'web.v2')), ['/metadata/name']],
  ['StatefulSet name with a dot', of('StatefulSet', (o) => void (o.metadata.name = 'db.v2')), ['/metadata/name']],
  ['Role name with capitals and spaces (a path segment)', of('Role', (o) => void (o.metadata.name = 'My Role')), []],
  ['Role name with a slash', of('Role', (o) => void (o.metadata.name = 'a/b')), ['/metadata/name']],
  ['hook generateName ending in a dash', of('ConfigMap', (o) => hook(o, 'web-')), []],
  ['hook generateName with capitals', of('ConfigMap', (o) => hook(o, 'Web-')), ['/metadata/generateName']],
  ['hook generateName ending in a dot', of('ConfigMap', (o) => hook(o, 'web.')), ['/metadata/generateName']],
  ['Helm hook generateName', of('ConfigMap', (o) => hook(o, 'web-', { 'helm.sh/hook': 'pre-install' })), []],
  ['generateName beside a name (the name is used)', of('ConfigMap', (o) => void (o.metadata.generateName = 'web-')), []],
  ['generateName without a name, not a hook (kubectl apply refuses it)', of('ConfigMap', (o) => hook(o, 'web-', {})), ['/metadata/generateName']],
  ['generateName on a Helm crd-install hook (not a hook to gitops-engine)', of('ConfigMap', (o) => hook(o, 'web-', { 'helm.sh/hook': 'crd-install' })), ['/metadata/generateName']],
  ['generateName on a Skip hook (never applied)', of('ConfigMap', (o) => hook(o, 'web-', { 'argocd.argoproj.io/hook': 'Skip' })), []],
  ['hook generateName of 40 on a Service (name 63 with the suffix)', of('Service', (o) => hook(o, `${'g'.repeat(39)}-`)), []],
  ['hook generateName of 41 on a Service (name 64 with the suffix)', of('Service', (o) => hook(o, `${'g'.repeat(40)}-`)), ['/metadata/generateName']],
  ['PreSync hook generateName of 38 on a Namespace (presync is 3 longer)', of('Namespace', (o) => hook(o, `${'g'.repeat(37)}-`, { 'argocd.argoproj.io/hook': 'PreSync' })), ['/metadata/generateName']],
  ['hook generateName of 61 on a Job (its name is a pod label value)', of('Job', (o) => hook(o, `${'g'.repeat(60)}-`)), ['/metadata/generateName']],
  ['hook generateName of 61 on a ConfigMap (a subdomain: 253)', of('ConfigMap', (o) => hook(o, `${'g'.repeat(60)}-`)), []],
  ['finalizers orphan and foregroundDeletion together', of('ConfigMap', (o) => void (o.metadata.finalizers = ['orphan', 'foregroundDeletion'])), ['/metadata/finalizers']],
  ['namespace with an underscore', of('ConfigMap', (o) => void (o.metadata.namespace = 'my_ns')), ['/metadata/namespace']],
  ['namespace on a cluster-scoped kind is dropped, not checked', of('PriorityClass', (o) => void (o.metadata.namespace = 'my_ns')), []],
  ['label key with two slashes', of('ConfigMap', (o) => void (o.metadata.labels['foo/bar/baz'] = 'x')), ['/metadata/labels/foo~1bar~1baz']],
  ['label key with a capitalised prefix', of('ConfigMap', (o) => void (o.metadata.labels['Example.com/x'] = 'x')), ['/metadata/labels/Example.com~1x']],
  ['label key with a prefix', of('ConfigMap', (o) => void (o.metadata.labels['app.kubernetes.io/name'] = 'x')), []],
  ['label value of 64 characters', of('ConfigMap', (o) => void (o.metadata.labels.tier = 'x'.repeat(64))), ['/metadata/labels/tier']],
  ['label value _', of('ConfigMap', (o) => void (o.metadata.labels.tier = '_')), ['/metadata/labels/tier']],
  ['empty label value', of('ConfigMap', (o) => void (o.metadata.labels.tier = '')), []],
  ['annotation key with capitals (case-insensitive)', of('ConfigMap', (o) => void (o.metadata.annotations = { 'EXAMPLE.COM/Note': 'x' })), []],
  ['annotation key with a space', of('ConfigMap', (o) => void (o.metadata.annotations = { 'a b': 'x' })), ['/metadata/annotations/a b']],
  ['annotations of 300 KiB', of('ConfigMap', (o) => void (o.metadata.annotations = { big: 'x'.repeat(300 * 1024) })), ['/metadata/annotations']],
  ['annotations of 200 KiB', of('ConfigMap', (o) => void (o.metadata.annotations = { big: 'x'.repeat(200 * 1024) })), []],
  ['template label value _', of('Deployment', (o) => void (o.spec.template.metadata.labels.tier = '_')), ['/spec/template/metadata/labels/tier']],
  ['CronJob name of 53 characters', of('CronJob', (o) => void (o.metadata.name = 'c'.repeat(53))), ['/metadata/name']],
  ['Job name of 64 characters (its pods\' job-name label)', of('Job', (o) => void (o.metadata.name = 'j'.repeat(64))), ['/metadata/name']],
  ['finalizer with a domain', of('ConfigMap', (o) => void (o.metadata.finalizers = ['example.com/cleanup'])), []],
  ['finalizer without a domain', of('ConfigMap', (o) => void (o.metadata.finalizers = ['cleanup'])), ['/metadata/finalizers/0']],
  ['finalizer orphan (Kubernetes\' own)', of('ConfigMap', (o) => void (o.metadata.finalizers = ['orphan'])), []],
  ['PodDisruptionBudget finalizer without a domain', of('PodDisruptionBudget', (o) => void (o.metadata.finalizers = ['cleanup'])), []],
  ['finalizer with two slashes', of('PodDisruptionBudget', (o) => void (o.metadata.finalizers = ['foo/bar/baz'])), ['/metadata/finalizers/0']],
  ['system- PriorityClass name', of('PriorityClass', (o) => void (o.metadata.name = 'system-custom')), ['/metadata/name']],
];

const enums: Case[] = [
  ...onPods('container port protocol tcp', (_, c) => void (c.ports[0].protocol = 'tcp'), ['/containers/0/ports/0/protocol']),
  ...onPods('container port protocol SCTP', (_, c) => void (c.ports[0].protocol = 'SCTP'), []),
  ...onPods('imagePullPolicy always', (_, c) => void (c.imagePullPolicy = 'always'), ['/containers/0/imagePullPolicy']),
  ...onPods('empty imagePullPolicy (defaulted)', (_, c) => void (c.imagePullPolicy = ''), []),
  ['Pod restartPolicy Sometimes', of('Pod', (o) => void (o.spec.restartPolicy = 'Sometimes')), ['/spec/restartPolicy']],
  ['Pod restartPolicy Never', of('Pod', (o) => void (o.spec.restartPolicy = 'Never')), []],
  ['Deployment restartPolicy Never', of('Deployment', (o) => void (o.spec.template.spec.restartPolicy = 'Never')), ['/spec/template/spec/restartPolicy']],
  ['Job restartPolicy Always', of('Job', (o) => void (o.spec.template.spec.restartPolicy = 'Always')), ['/spec/template/spec/restartPolicy']],
  ['Job without restartPolicy', of('Job', (o) => void delete o.spec.template.spec.restartPolicy), ['/spec/template/spec/restartPolicy']],
  ['CronJob restartPolicy Always', of('CronJob', (o) => void (o.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always')), ['/spec/jobTemplate/spec/template/spec/restartPolicy']],
  ['Service type loadbalancer', of('Service', (o) => void (o.spec.type = 'loadbalancer')), ['/spec/type']],
  ['Service port protocol tcp', of('Service', (o) => void (o.spec.ports[0].protocol = 'tcp')), ['/spec/ports/0/protocol']],
  ['PVC access mode readwriteonce', of('PersistentVolumeClaim', (o) => void (o.spec.accessModes = ['readwriteonce'])), ['/spec/accessModes/0']],
  ['PVC without access modes', of('PersistentVolumeClaim', (o) => void delete o.spec.accessModes), ['/spec/accessModes']],
  ['Ingress pathType exact', of('Ingress', (o) => void (o.spec.rules[0].http.paths[0].pathType = 'exact')), ['/spec/rules/0/http/paths/0/pathType']],
  ['Ingress without pathType', of('Ingress', (o) => void delete o.spec.rules[0].http.paths[0].pathType), ['/spec/rules/0/http/paths/0/pathType']],
  ['Deployment strategy recreate', of('Deployment', (o) => void (o.spec.strategy = { type: 'recreate' })), ['/spec/strategy/type']],
  ['selector operator in', of('Deployment', (o) => void (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] })), ['/spec/selector/matchExpressions/0/operator']],
  ['RoleBinding roleRef kind role', of('RoleBinding', (o) => void (o.roleRef.kind = 'role')), ['/roleRef/kind']],
  ['ClusterRoleBinding to a Role', of('ClusterRoleBinding', (o) => void (o.roleRef.kind = 'Role')), ['/roleRef/kind']],
  ['NetworkPolicy port protocol ICMP', of('NetworkPolicy', (o) => void (o.spec.ingress[0].ports[0].protocol = 'ICMP')), ['/spec/ingress/0/ports/0/protocol']],
];

const ranges: Case[] = [
  ...onPods('containerPort 70000', (_, c) => void (c.ports[0].containerPort = 70000), ['/containers/0/ports/0/containerPort']),
  ...onPods('containerPort 0', (_, c) => void (c.ports[0].containerPort = 0), ['/containers/0/ports/0/containerPort']),
  ...onPods('containerPort 65535', (_, c) => void (c.ports[0].containerPort = 65535), []),
  ...onPods('hostPort 0 (none)', (_, c) => void (c.ports[0].hostPort = 0), []),
  ...onPods('maxSkew 0', (spec) => void (spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]), ['/topologySpreadConstraints/0/maxSkew']),
  ...onPods('probe periodSeconds -1', (_, c) => void (c.livenessProbe.periodSeconds = -1), ['/containers/0/livenessProbe/periodSeconds']),
  ...onPods('liveness successThreshold 2', (_, c) => void (c.livenessProbe.successThreshold = 2), ['/containers/0/livenessProbe/successThreshold']),
  ...onPods('readiness successThreshold 2', (_, c) => void (c.readinessProbe.successThreshold = 2), []),
  ['Deployment replicas -1', of('Deployment', (o) => void (o.spec.replicas = -1)), ['/spec/replicas']],
  ['Deployment replicas 0', of('Deployment', (o) => void (o.spec.replicas = 0)), []],
  ['Service port 0', of('Service', (o) => void (o.spec.ports[0].port = 0)), ['/spec/ports/0/port']],
  ['Service targetPort 0 (defaulted to port)', of('Service', (o) => void (o.spec.ports[0].targetPort = 0)), []],
  ['Service targetPort 70000', of('Service', (o) => void (o.spec.ports[0].targetPort = 70000)), ['/spec/ports/0/targetPort']],
  ['HPA minReplicas 0', of('HorizontalPodAutoscaler', (o) => void (o.spec.minReplicas = 0)), ['/spec/minReplicas']],
  ['HPA maxReplicas below minReplicas', of('HorizontalPodAutoscaler', (o) => void (o.spec.maxReplicas = 1)), ['/spec/maxReplicas']],
  ['HPA maxReplicas equal to minReplicas', of('HorizontalPodAutoscaler', (o) => void (o.spec.maxReplicas = 2)), []],
  ['HPA maxReplicas 0 with minReplicas defaulted to 1', of('HorizontalPodAutoscaler', (o) => { delete o.spec.minReplicas; o.spec.maxReplicas = 0; }), ['/spec/maxReplicas']],
  ['HPA averageUtilization 0', of('HorizontalPodAutoscaler', (o) => void (o.spec.metrics[0].resource.target.averageUtilization = 0)), ['/spec/metrics/0/resource/target/averageUtilization']],
  ['HPA stabilization window of 3601 s', of('HorizontalPodAutoscaler', (o) => void (o.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 3601 } })), ['/spec/behavior/scaleDown/stabilizationWindowSeconds']],
  ['rollingUpdate maxUnavailable 101%', of('Deployment', (o) => void (o.spec.strategy = { rollingUpdate: { maxUnavailable: '101%' } })), ['/spec/strategy/rollingUpdate/maxUnavailable']],
  ['rollingUpdate maxSurge 0 and maxUnavailable 0', of('Deployment', (o) => void (o.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })), ['/spec/strategy/rollingUpdate/maxUnavailable']],
  ['rollingUpdate maxUnavailable 0, maxSurge defaulted to 25%', of('Deployment', (o) => void (o.spec.strategy = { rollingUpdate: { maxUnavailable: 0 } })), []],
  ['DaemonSet maxUnavailable 0, maxSurge defaulted to 0', of('DaemonSet', (o) => void (o.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0 } })), ['/spec/updateStrategy/rollingUpdate/maxUnavailable']],
  ['DaemonSet maxSurge 1 with maxUnavailable defaulted to 1', of('DaemonSet', (o) => void (o.spec.updateStrategy = { rollingUpdate: { maxSurge: 1 } })), ['/spec/updateStrategy/rollingUpdate/maxSurge']],
  ['PDB minAvailable 101%', of('PodDisruptionBudget', (o) => void (o.spec.minAvailable = '101%')), ['/spec/minAvailable']],
  ['PVC storage 0', of('PersistentVolumeClaim', (o) => void (o.spec.resources.requests.storage = '0')), ['/spec/resources/requests/storage']],
  ['Ingress backend port 70000', of('Ingress', (o) => void (o.spec.rules[0].http.paths[0].backend.service.port = { number: 70000 })), ['/spec/rules/0/http/paths/0/backend/service/port/number']],
  ['NetworkPolicy endPort below port', of('NetworkPolicy', (o) => void (o.spec.ingress[0].ports[0].endPort = 8000)), ['/spec/ingress/0/ports/0/endPort']],
  ['PriorityClass value above 1000000000', of('PriorityClass', (o) => void (o.value = 1_000_000_001)), ['/value']],
  ['Job backoffLimit -1', of('Job', (o) => void (o.spec.backoffLimit = -1)), ['/spec/backoffLimit']],
];

const crossField: Case[] = [
  ['Deployment selector not matching template labels', of('Deployment', (o) => void (o.spec.selector.matchLabels = { app: 'other' })), ['/spec/template/metadata/labels']],
  ['StatefulSet selector not matching', of('StatefulSet', (o) => void (o.spec.selector.matchLabels = { app: 'other' })), ['/spec/template/metadata/labels']],
  ['DaemonSet selector NotIn excluding its template', of('DaemonSet', (o) => void (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] })), ['/spec/template/metadata/labels']],
  ['ReplicaSet selector In including its template', of('ReplicaSet', (o) => void (o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })), []],
  ['Deployment with an empty selector', of('Deployment', (o) => void (o.spec.selector = {})), ['/spec/selector']],
  ['Recreate with rollingUpdate', of('Deployment', (o) => void (o.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } })), ['/spec/strategy/rollingUpdate']],
  ['StatefulSet OnDelete with rollingUpdate', of('StatefulSet', (o) => void (o.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } })), ['/spec/updateStrategy/rollingUpdate']],
  ['minReadySeconds above the defaulted progress deadline', of('Deployment', (o) => void (o.spec.minReadySeconds = 700)), ['/spec/progressDeadlineSeconds']],
  ...onPods('cpu request above limit', (_, c) => void (c.resources = { requests: { cpu: '600m' }, limits: { cpu: '500m' } }), ['/containers/0/resources/requests/cpu']),
  ...onPods('memory request equal to limit, written differently', (_, c) => void (c.resources = { requests: { memory: '1024Mi' }, limits: { memory: '1Gi' } }), []),
  ...onPods('cpu request 0.5 and limit 500m', (_, c) => void (c.resources = { requests: { cpu: '0.5' }, limits: { cpu: '500m' } }), []),
  ...onPods('negative cpu request', (_, c) => void (c.resources = { requests: { cpu: '-100m' } }), ['/containers/0/resources/requests/cpu']),
  ...onPods('extended resource requested without limit', (_, c) => void (c.resources = { requests: { 'example.com/gpu': '1' } }), ['/containers/0/resources/limits']),
  ...onPods('extended resource limit only (request defaulted)', (_, c) => void (c.resources = { limits: { 'example.com/gpu': '1' } }), []),
  ...onPods('volumeMount naming no volume', (_, c) => void (c.volumeMounts[0].name = 'missing'), ['/containers/0/volumeMounts/0/name']),
  ...onPods('probe with no handler', (_, c) => void (c.livenessProbe = { periodSeconds: 10 }), ['/containers/0/livenessProbe']),
  ...onPods('probe with two handlers', (_, c) => void (c.livenessProbe = { httpGet: { port: 8080 }, tcpSocket: { port: 8080 } }), ['/containers/0/livenessProbe']),
  ...onPods('container without image', (_, c) => void delete c.image, ['/containers/0/image']),
  ...onPods('volume without a source (defaulted to emptyDir)', (spec) => void spec.volumes.push({ name: 'scratch' }), []),
  ...onPods('volume with two sources', (spec) => void (spec.volumes[0].emptyDir = {}), ['/volumes/0']),
  ...onPods('env value and valueFrom', (_, c) => void (c.env[0].valueFrom = { fieldRef: { fieldPath: 'metadata.name' } }), ['/containers/0/env/0/valueFrom']),
  ...onPods('init container named like a container', (spec) => void (spec.initContainers = [{ name: 'web', image: 'busybox' }]), ['/initContainers/0/name']),
  ...onPods('two spread constraints on one key', (spec) => void (spec.topologySpreadConstraints = [1, 2].map((maxSkew) => ({ maxSkew, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }))), ['/topologySpreadConstraints/1']),
  ...onPods('dnsPolicy None without dnsConfig', (spec) => void (spec.dnsPolicy = 'None'), ['/dnsConfig']),
  ...onPods('hostNetwork with a hostPort unlike containerPort', (spec, c) => { spec.hostNetwork = true; c.ports[0].hostPort = 9090; }, ['/containers/0/ports/0/hostPort']),
  ...onPods('hostNetwork, hostPort left to default', (spec) => void (spec.hostNetwork = true), []),
  ...onPods('one hostPort on two containers', (spec, c) => {
    c.ports[0].hostPort = 9090;
    spec.containers.push({ name: 'twin', image: 'nginx', ports: [{ containerPort: 8081, hostPort: 9090 }] });
  }, ['/containers/1/ports/0/hostPort']),
  ...onPods('one hostPort, two protocols', (spec, c) => {
    c.ports[0].hostPort = 9090;
    spec.containers.push({ name: 'twin', image: 'nginx', ports: [{ containerPort: 8081, hostPort: 9090, protocol: 'UDP' }] });
  }, []),
  ...onPods('lifecycle hook without a handler', (_, c) => void (c.lifecycle = { preStop: {} }), ['/containers/0/lifecycle/preStop']),
  ...onPods('preStop sleep -1', (_, c) => void (c.lifecycle = { preStop: { sleep: { seconds: -1 } } }), ['/containers/0/lifecycle/preStop/sleep/seconds']),
  ...onPods('subPath climbing out of the volume', (_, c) => void (c.volumeMounts[0].subPath = '../etc'), ['/containers/0/volumeMounts/0/subPath']),
  ...onPods('volume item path absolute', (spec) => void (spec.volumes[0].configMap.items = [{ key: 'mode', path: '/etc/mode' }]), ['/volumes/0/configMap/items/0/path']),
  ...onPods('volume item path ..mode', (spec) => void (spec.volumes[0].configMap.items = [{ key: 'mode', path: '..mode' }]), ['/volumes/0/configMap/items/0/path']),
  ...onPods('volume item path in a folder', (spec) => void (spec.volumes[0].configMap.items = [{ key: 'mode', path: 'conf/mode' }]), []),
  ...onPods('defaultMode 0o1000', (spec) => void (spec.volumes[0].configMap.defaultMode = 0o1000), ['/volumes/0/configMap/defaultMode']),
  ...onPods('emptyDir sizeLimit -1Mi', (spec) => void spec.volumes.push({ name: 'tmp', emptyDir: { sizeLimit: '-1Mi' } }), ['/volumes/1/emptyDir/sizeLimit']),
  ...onPods('runAsUser -1', (spec) => void (spec.securityContext = { runAsUser: -1 }), ['/securityContext/runAsUser']),
  ...onPods('container runAsGroup 2147483648', (_, c) => void (c.securityContext = { runAsGroup: 2147483648 }), ['/containers/0/securityContext/runAsGroup']),
  ['NetworkPolicy ipBlock 10.0.0.1/8 (host bits set)', of('NetworkPolicy', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.1/8' } }])), ['/spec/ingress/0/from/0/ipBlock/cidr']],
  ['NetworkPolicy ipBlock except outside its cidr', of('NetworkPolicy', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }])), ['/spec/ingress/0/from/0/ipBlock/except/0']],
  ['NetworkPolicy ipBlock except inside its cidr', of('NetworkPolicy', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }])), []],
  ['NetworkPolicy IPv6 ipBlock (left to the server)', of('NetworkPolicy', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: 'fd00::/8' } }])), []],
  ['ResourceQuota hard foo', of('ResourceQuota', (o) => void (o.spec.hard = { foo: '1' })), ['/spec/hard/foo']],
  ['ResourceQuota hard pods -1', of('ResourceQuota', (o) => void (o.spec.hard = { pods: '-1' })), ['/spec/hard/pods']],
  ['ResourceQuota count/deployments.apps', of('ResourceQuota', (o) => void (o.spec.hard = { 'count/deployments.apps': '5' })), []],
  ['Secret of 1.1 MiB', of('Secret', (o) => void (o.stringData = { big: 'x'.repeat(1100 * 1024) })), ['/stringData']],
  ...onPods('init container with a liveness probe', (spec) => void (spec.initContainers = [{ name: 'init', image: 'busybox', livenessProbe: { exec: { command: ['true'] } } }]), ['/initContainers/0/livenessProbe']),
  ...onPods('sidecar with probes', (spec) => void (spec.initContainers = [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 15000 } } }]), []),
  ...onPods('readiness probe with terminationGracePeriodSeconds', (_, c) => void (c.readinessProbe.terminationGracePeriodSeconds = 10), ['/containers/0/readinessProbe/terminationGracePeriodSeconds']),
  ...onPods('liveness probe terminationGracePeriodSeconds 0', (_, c) => void (c.livenessProbe.terminationGracePeriodSeconds = 0), ['/containers/0/livenessProbe/terminationGracePeriodSeconds']),
  ['Role rule without verbs', of('Role', (o) => void (o.rules[0].verbs = [])), ['/rules/0/verbs']],
  ['Role rule without apiGroups', of('Role', (o) => void delete o.rules[0].apiGroups), ['/rules/0/apiGroups']],
  ['Role rule granting a URL', of('Role', (o) => void (o.rules = [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }])), ['/rules/0/nonResourceURLs']],
  ['RoleBinding ServiceAccount subject with an apiGroup', of('RoleBinding', (o) => void (o.subjects[0].apiGroup = 'rbac.authorization.k8s.io')), ['/subjects/0/apiGroup']],
  ['RoleBinding ServiceAccount subject without a namespace (the binding\'s)', of('RoleBinding', (o) => void delete o.subjects[0].namespace), []],
  ['ClusterRoleBinding Group subject without apiGroup (defaulted)', of('ClusterRoleBinding', (o) => void delete o.subjects[0].apiGroup), []],
  ['basic-auth Secret without username and password', of('Secret', (o) => { o.type = 'kubernetes.io/basic-auth'; o.stringData = {}; }), ['/data']],
  ['basic-auth Secret with a username only', of('Secret', (o) => { o.type = 'kubernetes.io/basic-auth'; o.stringData = { username: 'u' }; }), []],
  ['service-account-token Secret without its annotation', of('Secret', (o) => { o.type = 'kubernetes.io/service-account-token'; o.stringData = {}; }), ['/metadata/annotations']],
  ['Service clusterIP 10.0.0.300', of('Service', (o) => void (o.spec.clusterIP = '10.0.0.300')), ['/spec/clusterIP']],
  ['headless NodePort Service', of('Service', (o) => { o.spec.type = 'NodePort'; o.spec.clusterIP = 'None'; }), ['/spec/clusterIP']],
  ['LoadBalancer source range /33', of('Service', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0/33']; }), ['/spec/loadBalancerSourceRanges/0']],
  ['Pod image with a trailing space', of('Pod', (o) => void (o.spec.containers[0].image = 'nginx ')), ['/spec/containers/0/image']],
  ['Deployment template image with a trailing space (not checked by the server)', of('Deployment', (o) => void (o.spec.template.spec.containers[0].image = 'nginx ')), []],
  ['Deployment template with activeDeadlineSeconds', of('Deployment', (o) => void (o.spec.template.spec.activeDeadlineSeconds = 30)), ['/spec/template/spec/activeDeadlineSeconds']],
  ['StatefulSet mount of its claim template', of('StatefulSet', (o) => void (o.spec.template.spec.containers[0].volumeMounts[0].name = 'data')), []],
  ['StatefulSet claim template without storage', of('StatefulSet', (o) => void (o.spec.volumeClaimTemplates[0].spec.resources = {})), ['/spec/volumeClaimTemplates/0/spec/resources/requests/storage']],
  ['two Service ports, one unnamed', of('Service', (o) => void o.spec.ports.push({ port: 443 })), ['/spec/ports/1/name']],
  ['two Service ports with one name', of('Service', (o) => void o.spec.ports.push({ name: 'http', port: 443 })), ['/spec/ports/1/name']],
  ['one port twice, protocols differ', of('Service', (o) => void o.spec.ports.push({ name: 'dns', port: 80, protocol: 'UDP' })), []],
  ['one port and protocol twice (TCP by default)', of('Service', (o) => void o.spec.ports.push({ name: 'again', port: 80, protocol: 'TCP' })), ['/spec/ports/1']],
  ['Service without ports', of('Service', (o) => void (o.spec.ports = [])), ['/spec/ports']],
  ['headless Service without ports', of('Service', (o) => { o.spec.clusterIP = 'None'; o.spec.ports = []; }), []],
  ['externalTrafficPolicy Local on a ClusterIP Service', of('Service', (o) => void (o.spec.externalTrafficPolicy = 'Local')), ['/spec/externalTrafficPolicy']],
  ['externalTrafficPolicy Local on a LoadBalancer', of('Service', (o) => { o.spec.type = 'LoadBalancer'; o.spec.externalTrafficPolicy = 'Local'; }), []],
  ['nodePort on a ClusterIP Service', of('Service', (o) => void (o.spec.ports[0].nodePort = 30080)), ['/spec/ports/0/nodePort']],
  ['PVC without resources.requests.storage', of('PersistentVolumeClaim', (o) => void (o.spec.resources = { requests: {} })), ['/spec/resources/requests/storage']],
  ['PVC ReadWriteOncePod with another mode', of('PersistentVolumeClaim', (o) => void (o.spec.accessModes = ['ReadWriteOncePod', 'ReadOnlyMany'])), ['/spec/accessModes']],
  ['PDB with minAvailable and maxUnavailable', of('PodDisruptionBudget', (o) => void (o.spec.maxUnavailable = 1)), ['/spec/maxUnavailable']],
  ['Job selector without manualSelector', of('Job', (o) => void (o.spec.selector = { matchLabels: { app: 'web' } })), ['/spec/selector']],
  ...(['*/15 * * * *', '0 9-17 * * MON-FRI', '0 0 1 jan,jul *', '0 0 ? * *', '5/10 * * * *', '0, * * * *', '@daily', '@every 1h30m'] as const).map(
    (schedule): Case => [`CronJob schedule ${schedule}`, of('CronJob', (o) => void (o.spec.schedule = schedule)), []],
  ),
  ...(['* * * *', '0 0 * * * *', '60 * * * *', '0 0 32 * *', '0 0 * 13 *', '0 0 * * 7', '*/0 * * * *', '30-10 * * * *', '0 0 * * mond', '@sometimes', '@every forever'] as const).map(
    (schedule): Case => [`CronJob schedule ${schedule}`, of('CronJob', (o) => void (o.spec.schedule = schedule)), ['/spec/schedule']],
  ),
  ['CronJob schedule with CRON_TZ', of('CronJob', (o) => void (o.spec.schedule = 'CRON_TZ=UTC 0 * * * *')), ['/spec/schedule']],
  ['Ingress with no rules and no default backend', of('Ingress', (o) => void delete o.spec.rules), ['/spec']],
  ['Ingress relative path', of('Ingress', (o) => void (o.spec.rules[0].http.paths[0].path = 'api')), ['/spec/rules/0/http/paths/0/path']],
  ['Ingress rule host an IP address', of('Ingress', (o) => void (o.spec.rules[0].host = '10.0.0.1')), ['/spec/rules/0/host']],
  ['Ingress TLS host an IP address', of('Ingress', (o) => void (o.spec.tls = [{ hosts: ['10.0.0.1'] }])), []],
  ['Ingress backend port with name and number', of('Ingress', (o) => void (o.spec.rules[0].http.paths[0].backend.service.port = { name: 'http', number: 80 })), ['/spec/rules/0/http/paths/0/backend/service/port']],
  ['NetworkPolicy peer with ipBlock and a selector', of('NetworkPolicy', (o) => void (o.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }])), ['/spec/ingress/0/from/0']],
  ['ConfigMap key in data and binaryData', of('ConfigMap', (o) => void (o.binaryData = { MODE: 'dg==' })), ['/binaryData/MODE']],
  ['TLS Secret without tls.key', of('Secret', (o) => { o.type = 'kubernetes.io/tls'; o.stringData = { 'tls.crt': 'x' }; }), ['/data/tls.key']],
];

const specNames: Case[] = [
  ...onPods('container name Web', (_, c) => void (c.name = 'Web'), ['/containers/0/name']),
  ...onPods('container name of 63 characters', (_, c) => void (c.name = 'x'.repeat(63)), []),
  ...onPods('container port name of 16 characters (IANA_SVC_NAME)', (_, c) => void (c.ports[0].name = 'x'.repeat(16)), ['/containers/0/ports/0/name']),
  ...onPods('container port name a--b', (_, c) => void (c.ports[0].name = 'a--b'), ['/containers/0/ports/0/name']),
  ...onPods('container port name 8080 (no letter)', (_, c) => void (c.ports[0].name = '8080'), ['/containers/0/ports/0/name']),
  ...onPods('env name with a dot and a digit first (relaxed rule)', (_, c) => void (c.env[0].name = '1a.b'), []),
  ...onPods('env name with =', (_, c) => void (c.env[0].name = 'a=b'), ['/containers/0/env/0/name']),
  ...onPods('env name with a non-ASCII letter', (_, c) => void (c.env[0].name = 'caf\u00e9'), ['/containers/0/env/0/name']),
  ...onPods('configMapKeyRef key ..a', (_, c) => void (c.env[0] = { name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: '..a' } } }), ['/containers/0/env/0/valueFrom/configMapKeyRef/key']),
  ...onPods('secretKeyRef without a name', (_, c) => void (c.env[0] = { name: 'X', valueFrom: { secretKeyRef: { key: 'k' } } }), ['/containers/0/env/0/valueFrom/secretKeyRef/name']),
  ...onPods('resource foo', (_, c) => void (c.resources = { requests: { foo: '1' } }), ['/containers/0/resources/requests/foo']),
  ...onPods('resource requests.foo', (_, c) => void (c.resources = { limits: { 'requests.foo': '1' } }), ['/containers/0/resources/limits/requests.foo']),
  ...onPods('resource hugepages-2Mi', (_, c) => void (c.resources = { limits: { 'hugepages-2Mi': '2Mi' } }), []),
  ...onPods('volume name Scratch', (spec) => void spec.volumes.push({ name: 'Scratch', emptyDir: {} }), ['/volumes/1/name']),
  ...onPods('nodeSelector key with two slashes', (spec) => void (spec.nodeSelector = { 'foo/bar/baz': 'x' }), ['/nodeSelector/foo~1bar~1baz']),
  ...onPods('serviceAccountName with an underscore', (spec) => void (spec.serviceAccountName = 'web_sa'), ['/serviceAccountName']),
  ...onPods('probe port named HTTP', (_, c) => void (c.livenessProbe.httpGet.port = 'HTTP'), ['/containers/0/livenessProbe/httpGet/port']),
  ['Service port name of 16 characters (an RFC 1123 label there)', of('Service', (o) => void (o.spec.ports[0].name = 'x'.repeat(16))), []],
  ['Service port name with an underscore', of('Service', (o) => void (o.spec.ports[0].name = 'web_http')), ['/spec/ports/0/name']],
  ['Service targetPort named HTTP', of('Service', (o) => void (o.spec.ports[0].targetPort = 'HTTP')), ['/spec/ports/0/targetPort']],
  ['Service selector value _web', of('Service', (o) => void (o.spec.selector = { app: '_web' })), ['/spec/selector/app']],
  ['ConfigMap key a/b', of('ConfigMap', (o) => void (o.data['a/b'] = 'v')), ['/data/a~1b']],
  ['ConfigMap key .env', of('ConfigMap', (o) => void (o.data['.env'] = 'v')), []],
  ['Secret stringData key ..', of('Secret', (o) => void (o.stringData['..'] = 'v')), ['/stringData/..']],
  ['Ingress backend service named web.svc', of('Ingress', (o) => void (o.spec.rules[0].http.paths[0].backend.service.name = 'web.svc')), ['/spec/rules/0/http/paths/0/backend/service/name']],
  ['Ingress wildcard host', of('Ingress', (o) => void (o.spec.rules[0].host = '*.example.com')), []],
  ['PVC storageClassName Fast_SSD', of('PersistentVolumeClaim', (o) => void (o.spec.storageClassName = 'Fast_SSD')), ['/spec/storageClassName']],
  ['HPA scaleTargetRef name with a slash', of('HorizontalPodAutoscaler', (o) => void (o.spec.scaleTargetRef.name = 'a/b')), ['/spec/scaleTargetRef/name']],
];


/** The first version of the CRD baseline, and its schema's spec. */
const crdVersion = (o: KubeObject): KubeObject => o.spec.versions[0];
const crdSpecSchema = (o: KubeObject): KubeObject => crdVersion(o).schema.openAPIV3Schema.properties.spec;
const crd = (edit: (object: KubeObject) => void): KubeObject => of('CustomResourceDefinition', edit);
const S = '/spec/versions/0/schema/openAPIV3Schema';

const customResourceDefinitions: Case[] = [
  ['name not <plural>.<group>', crd((o) => void (o.metadata.name = 'gadget.fidelity.example.com')), ['/metadata/name']],
  ['name with capitals (and so not <plural>.<group>)', crd((o) => void (o.metadata.name = 'Gadgets.fidelity.example.com')), ['/metadata/name']],
  ['group and name changed together', crd((o) => { o.spec.group = 'gadgets.example.org'; o.metadata.name = 'gadgets.gadgets.example.org'; }), []],
  ['group without a dot', crd((o) => { o.spec.group = 'fidelity'; o.metadata.name = 'gadgets.fidelity'; }), ['/spec/group']],
  ['group with an underscore', crd((o) => void (o.spec.group = 'fidelity_x.example.com')), ['/metadata/name', '/spec/group']],
  ['group missing', crd((o) => void (o.spec.group = '')), ['/metadata/name', '/spec/group']],
  ['finalizer without a domain (generic ObjectMeta rules)', crd((o) => void (o.metadata.finalizers = ['cleanup'])), []],
  ['scope namespaced', crd((o) => void (o.spec.scope = 'namespaced')), ['/spec/scope']],
  ['scope missing', crd((o) => void delete o.spec.scope), ['/spec/scope']],
  ['plural with capitals', crd((o) => void (o.spec.names.plural = 'Gadgets')), ['/metadata/name', '/spec/names/plural']],
  ['kind missing', crd((o) => void (o.spec.names.kind = '')), ['/spec/names/kind']],
  ['kind Gadget-X (mixed case allowed, otherwise an RFC 1035 label)', crd((o) => void (o.spec.names.kind = 'Gadget-X')), []],
  ['kind Gadget_X', crd((o) => void (o.spec.names.kind = 'Gadget_X')), ['/spec/names/kind']],
  ['listKind equal to kind', crd((o) => void (o.spec.names.listKind = 'Gadget')), ['/spec/names/listKind']],
  ['singular defaulted from the kind', crd((o) => void delete o.spec.names.singular), []],
  ['singular with capitals', crd((o) => void (o.spec.names.singular = 'Gadget')), ['/spec/names/singular']],
  ['shortName g_d', crd((o) => void (o.spec.names.shortNames = ['g_d'])), ['/spec/names/shortNames/0']],
  ['no versions', crd((o) => void (o.spec.versions = [])), ['/spec/versions']],
  ['two storage versions', crd((o) => void o.spec.versions.push({ ...structuredClone(crdVersion(o)), name: 'v2' })), ['/spec/versions']],
  ['second version, not stored', crd((o) => void o.spec.versions.push({ ...structuredClone(crdVersion(o)), name: 'v2', storage: false })), []],
  ['duplicate version name', crd((o) => void o.spec.versions.push({ ...structuredClone(crdVersion(o)), storage: false })), ['/spec/versions']],
  ['version name v1.0', crd((o) => void (crdVersion(o).name = 'v1.0')), ['/spec/versions/0/name']],
  ['version without a schema', crd((o) => void delete crdVersion(o).schema), [`${S}`]],
  ['preserveUnknownFields true', crd((o) => void (o.spec.preserveUnknownFields = true)), ['/spec/preserveUnknownFields']],
  ['deprecationWarning on a version not deprecated', crd((o) => void (crdVersion(o).deprecationWarning = 'use v2')), ['/spec/versions/0/deprecationWarning']],
  ['deprecated version with a warning', crd((o) => Object.assign(crdVersion(o), { deprecated: true, deprecationWarning: 'use v2' })), []],
  ['type strign', crd((o) => void (crdSpecSchema(o).properties.size.type = 'strign')), [`${S}/properties/spec/properties/size/type`]],
  ['type null', crd((o) => void (crdSpecSchema(o).properties.size.type = 'null')), [`${S}/properties/spec/properties/size/type`]],
  ['root without a type', crd((o) => void delete crdVersion(o).schema.openAPIV3Schema.type), [`${S}/type`]],
  ['property without a type', crd((o) => void (crdSpecSchema(o).properties.note = { description: 'untyped' })), [`${S}/properties/spec/properties/note/type`]],
  ['int-or-string without a type', crd((o) => void (crdSpecSchema(o).properties.limit = { 'x-kubernetes-int-or-string': true })), []],
  ['array without items', crd((o) => void (crdSpecSchema(o).properties.tags = { type: 'array' })), [`${S}/properties/spec/properties/tags/items`]],
  ['additionalProperties with properties', crd((o) => void (crdSpecSchema(o).additionalProperties = { type: 'string' })), [`${S}/properties/spec/additionalProperties`]],
  ['metadata schema with labels', crd((o) => void (crdVersion(o).schema.openAPIV3Schema.properties.metadata = { type: 'object', properties: { labels: { type: 'object' } } })), [`${S}/properties/metadata`]],
  ['metadata schema constraining name', crd((o) => void (crdVersion(o).schema.openAPIV3Schema.properties.metadata = { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } })), []],
  ['default of the wrong type', crd((o) => void (crdSpecSchema(o).properties.count.default = 'one')), [`${S}/properties/spec/properties/count/default`]],
  ['default below the minimum', crd((o) => void (crdSpecSchema(o).properties.count.default = -1)), [`${S}/properties/spec/properties/count/default`]],
  ['invalid pattern', crd((o) => void (crdSpecSchema(o).properties.size.pattern = '([a-z')), [`${S}/properties/spec/properties/size/pattern`]],
  ['RE2-only pattern (not judged here)', crd((o) => void (crdSpecSchema(o).properties.size.pattern = '(?i)^[a-z]+$')), []],
  ['uniqueItems', crd((o) => void (crdSpecSchema(o).properties.ports.uniqueItems = true)), [`${S}/properties/spec/properties/ports/uniqueItems`]],
  ['$ref', crd((o) => void (crdSpecSchema(o).properties.other = { $ref: '#/definitions/x' })), [`${S}/properties/spec/properties/other/$ref`, `${S}/properties/spec/properties/other/type`]],
  ['list-map keys on a set', crd((o) => void (crdSpecSchema(o).properties.ports['x-kubernetes-list-type'] = 'set')), [`${S}/properties/spec/properties/ports/items/x-kubernetes-map-type`, `${S}/properties/spec/properties/ports/x-kubernetes-list-type`]],
  ['list-map without keys', crd((o) => void delete crdSpecSchema(o).properties.ports['x-kubernetes-list-map-keys']), [`${S}/properties/spec/properties/ports/x-kubernetes-list-map-keys`]],
  ['list-map key neither required nor defaulted', crd((o) => void (crdSpecSchema(o).properties.ports.items.required = [])), [`${S}/properties/spec/properties/ports/items/properties/name/default`]],
  ['list-type Map', crd((o) => void (crdSpecSchema(o).properties.ports['x-kubernetes-list-type'] = 'Map')), [`${S}/properties/spec/properties/ports/x-kubernetes-list-type`, `${S}/properties/spec/properties/ports/x-kubernetes-list-type`]],
  ['rule reason Invalid', crd((o) => void (crdSpecSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', reason: 'Invalid' }])), [`${S}/properties/spec/x-kubernetes-validations/0/reason`]],
  ['rule fieldPath naming no field', crd((o) => void (crdSpecSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', fieldPath: '.nothing' }])), [`${S}/properties/spec/x-kubernetes-validations/0/fieldPath`]],
  ['rule fieldPath naming a field', crd((o) => void (crdSpecSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', fieldPath: '.count' }])), []],
  ['conversion Webhook without a webhook', crd((o) => void (o.spec.conversion = { strategy: 'Webhook' })), ['/spec/conversion/webhook/clientConfig', '/spec/conversion/webhook/conversionReviewVersions']],
  ['conversion strategy none', crd((o) => void (o.spec.conversion = { strategy: 'none' })), ['/spec/conversion/strategy']],
  ['conversion None', crd((o) => void (o.spec.conversion = { strategy: 'None' })), []],
  ['scale subresource path without a leading dot', crd((o) => void (crdVersion(o).subresources.scale = { specReplicasPath: 'spec.count', statusReplicasPath: '.status.count' })), ['/spec/versions/0/subresources/scale/specReplicasPath']],
  ['scale subresource', crd((o) => void (crdVersion(o).subresources.scale = { specReplicasPath: '.spec.count', statusReplicasPath: '.status.count' })), []],
  ['printer column type text', crd((o) => void (crdVersion(o).additionalPrinterColumns[0].type = 'text')), ['/spec/versions/0/additionalPrinterColumns/0/type']],
  ['printer column jsonPath without a leading dot', crd((o) => void (crdVersion(o).additionalPrinterColumns[0].jsonPath = 'spec.size')), ['/spec/versions/0/additionalPrinterColumns/0/jsonPath']],
  ['selectableFields on a string field', crd((o) => void (crdVersion(o).selectableFields = [{ jsonPath: '.spec.size' }])), []],
  ['selectableFields on a missing field', crd((o) => void (crdVersion(o).selectableFields = [{ jsonPath: '.spec.colour' }])), ['/spec/versions/0/selectableFields/0/jsonPath']],
  ['selectableFields on a list', crd((o) => void (crdVersion(o).selectableFields = [{ jsonPath: '.spec.ports' }])), ['/spec/versions/0/selectableFields/0/jsonPath']],
  ['group under x-k8s.io (not Kubernetes-owned)', crd((o) => { o.spec.group = 'fidelity.x-k8s.io'; o.metadata.name = 'gadgets.fidelity.x-k8s.io'; }), []],
  ['group under k8s.io without api-approved.kubernetes.io', crd((o) => { o.spec.group = 'fidelity.k8s.io'; o.metadata.name = 'gadgets.fidelity.k8s.io'; }), ['/metadata/annotations/api-approved.kubernetes.io']],
  ['group under k8s.io, approved', crd((o) => { o.spec.group = 'fidelity.k8s.io'; o.metadata.name = 'gadgets.fidelity.k8s.io'; o.metadata.annotations = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111' }; }), []],
  ['group under kubernetes.io, unapproved', crd((o) => { o.spec.group = 'fidelity.kubernetes.io'; o.metadata.name = 'gadgets.fidelity.kubernetes.io'; o.metadata.annotations = { 'api-approved.kubernetes.io': 'unapproved, experimental' }; }), []],
  ['group under k8s.io, approval not a URL', crd((o) => { o.spec.group = 'fidelity.k8s.io'; o.metadata.name = 'gadgets.fidelity.k8s.io'; o.metadata.annotations = { 'api-approved.kubernetes.io': 'yes' }; }), ['/metadata/annotations/api-approved.kubernetes.io']],
  ['pattern with a lookahead (not RE2)', crd((o) => void (crdSpecSchema(o).properties.size.pattern = '^(?=a)a$')), [`${S}/properties/spec/properties/size/pattern`]],
  ['pattern with a backreference (not RE2)', crd((o) => void (crdSpecSchema(o).properties.size.pattern = '(a)\\1')), [`${S}/properties/spec/properties/size/pattern`]],
  ['pattern with an escaped backslash and a digit', crd((o) => void (crdSpecSchema(o).properties.size.pattern = '^\\\\1$')), []],
  ['pattern with (?= inside a class', crd((o) => void (crdSpecSchema(o).properties.size.pattern = '^[(?=]+$')), []],
  ['anyOf with value validations only', crd((o) => void (crdSpecSchema(o).properties.size.anyOf = [{ enum: ['a'] }, { maxLength: 2 }])), []],
  ['anyOf with a description', crd((o) => void (crdSpecSchema(o).properties.size.anyOf = [{ description: 'd', maxLength: 2 }])), [`${S}/properties/spec/properties/size/anyOf/0/description`]],
  ['allOf with a type', crd((o) => void (crdSpecSchema(o).properties.size.allOf = [{ type: 'string' }])), [`${S}/properties/spec/properties/size/allOf/0/type`]],
  ['int-or-string anyOf integer, string', crd((o) => void (crdSpecSchema(o).properties.port = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] })), []],
  ['int-or-string allOf [anyOf integer, string, pattern]', crd((o) => void (crdSpecSchema(o).properties.port = { 'x-kubernetes-int-or-string': true, allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { pattern: '^[0-9]+%?$' }] })), []],
  ['embedded resource without properties', crd((o) => void (crdSpecSchema(o).properties.template = { type: 'object', 'x-kubernetes-embedded-resource': true })), [`${S}/properties/spec/properties/template/properties`]],
  ['embedded resource preserving unknown fields', crd((o) => void (crdSpecSchema(o).properties.template = { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true })), []],
  ['null default without nullable (pruned, accepted)', crd((o) => void (crdSpecSchema(o).properties.note = { type: 'string', default: null })), []],
  ['selectableFields in bracket notation', crd((o) => void (crdVersion(o).selectableFields = [{ jsonPath: ".spec['size']" }])), ['/spec/versions/0/selectableFields/0/jsonPath']],
  ['CEL rule with a syntax error', crd((o) => void (crdSpecSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= ', message: 'x' }])), [`${S}/properties/spec/x-kubernetes-validations/0/rule`]],
  ['CEL messageExpression with a syntax error', crd((o) => void (crdSpecSchema(o)['x-kubernetes-validations'] = [{ rule: 'self.count <= 10', messageExpression: "'count ' +" }])), [`${S}/properties/spec/x-kubernetes-validations/0/messageExpression`]],
  ['CEL rule with optional field syntax and a macro', crd((o) => void (crdSpecSchema(o)['x-kubernetes-validations'] = [{ rule: "self.?size.orValue('') != 'x' && self.ports.all(p, p.name != '')" }])), []],
  ['status subresource with a root default', crd((o) => void (crdVersion(o).schema.openAPIV3Schema.default = {})), [`${S}/default`]],
];

describe.each([
  ['object meta', metadata],
  ['enums', enums],
  ['ranges', ranges],
  ['cross-field rules', crossField],
  ['names inside specs', specNames],
  ['CustomResourceDefinitions', customResourceDefinitions],
] as const)('native validation: %s', (_, cases) => {
  it.each(cases)('%s', (_, object, expected) => {
    expect(pointers(object)).toEqual(expected);
  });
});

describe('native findings', () => {
  it('name the rule the API server applies', () => {
    const [name] = validateNative(of('ConfigMap', (o) => void (o.metadata.name = 'My_App')), '1.36');
    expect(name!.message).toMatch(/RFC 1123 subdomain/);
    const [port] = validateNative(of('Pod', (o) => void (o.spec.containers[0].ports[0].name = 'x'.repeat(16))), '1.36');
    expect(port!.message).toMatch(/IANA_SVC_NAME/);
    const [protocol] = validateNative(of('Service', (o) => void (o.spec.ports[0].protocol = 'tcp')), '1.36');
    expect(protocol!.message).toMatch(/TCP, UDP or SCTP/);
  });

  it('cut long values and never show a Secret\'s values', () => {
    const [long] = validateNative(of('ConfigMap', (o) => void (o.metadata.name = 'A'.repeat(300))), '1.36');
    expect(long!.message.length).toBeLessThan(400);
    const secret = of('Secret', (o) => { o.type = 'kubernetes.io/tls'; o.stringData = { 'tls.crt': 'super-secret-certificate' }; });
    expect(JSON.stringify(validateNative(secret, '1.36'))).not.toContain('super-secret');
  });

  it('know nothing of built-in kinds they do not list', () => {
    expect(validateNative({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'My_Endpoints' } }, '1.36')).toEqual([]);
    expect(validateNative('not an object', '1.36')).toEqual([]);
  });

  it('refuse generateName without a name on a kind they do not list', () => {
    expect(validateNative({ apiVersion: 'v1', kind: 'Endpoints', metadata: { generateName: 'web-' } }, '1.36').map((f) => f.pointer)).toEqual(['/metadata/generateName']);
  });

  it('say what name a hook gets', () => {
    const [finding] = validateNative(of('Service', (o) => hook(o, `${'g'.repeat(40)}-`)), '1.36');
    expect(finding!.message).toMatch(/as a hook, Argo CD names it "g+…\(64 characters\)".*at most 63 characters/);
    const [refusal] = validateNative(of('ConfigMap', (o) => hook(o, 'web-', {})), '1.36');
    expect(refusal!.message).toMatch(/cannot use generate name with apply/);
  });
});

/** A custom resource of a CRD's group, valid as far as its metadata goes. */
const widget = (edit: (meta: KubeObject) => void = () => {}): KubeObject => {
  const object: KubeObject = { apiVersion: 'fidelity.example.com/v1', kind: 'Widget', metadata: { name: 'web', namespace: 'apps', labels: { app: 'web' } }, spec: {} };
  edit(object.metadata);
  return object;
};
const customPointers = (object: KubeObject) => validateNative(object, '1.36', { customResource: true }).map((finding) => finding.pointer);

describe('custom resources: metadata as apiextensions validates it (RFC 1123 subdomain names)', () => {
  it.each([
    ['valid', widget(), []],
    ['name with dots', widget((m) => void (m.name = 'web.v2')), []],
    ['name My_App', widget((m) => void (m.name = 'My_App')), ['/metadata/name']],
    ['name of 254 characters', widget((m) => void (m.name = 'a'.repeat(254))), ['/metadata/name']],
    ['name ..', widget((m) => void (m.name = '..')), ['/metadata/name']],
    ['hook generateName a_b-', widget((m) => { delete m.name; m.generateName = 'a_b-'; m.annotations = { 'argocd.argoproj.io/hook': 'Sync' }; }), ['/metadata/generateName']],
    ['generateName, not a hook', widget((m) => { delete m.name; m.generateName = 'web-'; }), ['/metadata/generateName']],
    ['label key foo/bar/baz', widget((m) => void (m.labels['foo/bar/baz'] = 'x')), ['/metadata/labels/foo~1bar~1baz']],
    ['label value _', widget((m) => void (m.labels.app = '_')), ['/metadata/labels/app']],
    ['annotation key _x', widget((m) => void (m.annotations = { _x: 'y' })), ['/metadata/annotations/_x']],
    ['annotations of 300 KiB', widget((m) => void (m.annotations = { big: 'x'.repeat(300 * 1024) })), ['/metadata/annotations']],
    ['finalizer without a domain (a warning only)', widget((m) => void (m.finalizers = ['cleanup'])), []],
    ['finalizer Example.com/Cleanup', widget((m) => void (m.finalizers = ['Example.com/Cleanup'])), ['/metadata/finalizers/0']],
    ['namespace is the CRD scope\'s business', widget((m) => void (m.namespace = 'My_NS')), []],
  ] as Case[])('%s', (_, object, expected) => {
    expect(customPointers(object)).toEqual(expected);
  });

  it('are not checked as custom resources unless the caller says so', () => {
    expect(pointers(widget((m) => void (m.name = 'My_App')))).toEqual([]);
  });

  it('name the rule', () => {
    const [finding] = validateNative(widget((m) => void (m.name = 'My_App')), '1.36', { customResource: true });
    expect(finding!.message).toMatch(/a Widget name must be an RFC 1123 subdomain/);
  });
});

describe('CustomResourceDefinition findings', () => {
  it('name the rule the API server applies', () => {
    const [name] = validateNative(crd((o) => void (o.metadata.name = 'gadgets')), '1.36');
    expect(name!.message).toMatch(/must be <spec.names.plural>.<spec.group>, here "gadgets.fidelity.example.com"/);
    const [type] = validateNative(crd((o) => void (crdSpecSchema(o).properties.size.type = 'strign')), '1.36');
    expect(type!.message).toMatch(/type "strign" is not an OpenAPI type: use array, boolean, integer, number, object or string/);
    const [group] = validateNative(crd((o) => { o.spec.group = 'fidelity'; o.metadata.name = 'gadgets.fidelity'; }), '1.36');
    expect(group!.message).toMatch(/at least one dot/);
  });
});
