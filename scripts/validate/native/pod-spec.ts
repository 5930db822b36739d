import { configMapKey, dns1123Label, dns1123Subdomain, environmentVariableName, ianaServiceName, qualifiedName, shown } from './names.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateAnnotations, validateLabels } from './object-meta.ts';
import { validatePortNumber, validateProbe } from './probe.ts';
import { quantityValue } from './quantity.ts';
import { validateContainerResources } from './resources.ts';
import { asArray, asObject, asString, checkEnum, checkPositive, isObject, objectAt, stringAt, type Findings, type Json } from './finding.ts';

export const restartPolicies = ['Always', 'OnFailure', 'Never'];
const protocols = ['TCP', 'UDP', 'SCTP'];

/** What a pod spec's checks depend on: the kind that holds it. */
export interface PodContext {
  /** Pod, or the workload kind whose template this is. */
  kind: string;
  /** Those the kind allows: a Deployment's pods always restart, a Job's never do. */
  restartPolicies: readonly string[];
  /** A StatefulSet's volumeClaimTemplates become volumes of its pods: mounts may name them. */
  claimTemplateNames?: readonly string[];
}

/** Controllers that keep pods running: a deadline on their pods is refused. */
const longRunning = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

export function validatePod(out: Findings, spec: Json): void {
  validatePodSpec(out, spec, '/spec', { kind: 'Pod', restartPolicies });
}

/** A pod template: its labels and annotations, and its spec. */
export function validatePodTemplate(out: Findings, template: Json, pointer: string, context: PodContext): void {
  const meta = asObject(template.metadata);
  if (meta !== undefined) {
    validateLabels(out, meta.labels, `${pointer}/metadata/labels`);
    validateAnnotations(out, meta.annotations, `${pointer}/metadata/annotations`);
  }
  const spec = asObject(template.spec);
  if (spec !== undefined) validatePodSpec(out, spec, `${pointer}/spec`, context);
}

/** ValidatePodSpec, the checks that do not depend on an existing object or a feature gate. */
function validatePodSpec(out: Findings, spec: Json, pointer: string, context: PodContext): void {
  const { kind } = context;
  const volumeNames = validateVolumes(out, asArray(spec.volumes), `${pointer}/volumes`);
  for (const name of context.claimTemplateNames ?? []) volumeNames.add(name);
  const containerNames = new Set<string>();
  const containers = asArray(spec.containers);
  if (containers !== undefined && containers.length === 0) out.push({ pointer: `${pointer}/containers`, message: 'a pod needs at least one container' });
  const forPod = kind === 'Pod';
  // Containers first: a name used twice is reported where the server reports it, on the init container.
  validateContainers(out, containers, `${pointer}/containers`, volumeNames, containerNames, true, forPod);
  validateContainers(out, asArray(spec.initContainers), `${pointer}/initContainers`, volumeNames, containerNames, false, forPod);
  const restartPolicy = asString(spec.restartPolicy);
  if (restartPolicy !== undefined && restartPolicy !== '' && !context.restartPolicies.includes(restartPolicy)) {
    const allowed = context.restartPolicies.join(' or ');
    const why = forPod ? '' : ` in a ${kind}`;
    out.push({ pointer: `${pointer}/restartPolicy`, message: `restartPolicy "${restartPolicy}" is not allowed${why}: use ${allowed}` });
  }
  checkEnum(out, spec, 'dnsPolicy', pointer, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], 'dnsPolicy');
  if (spec.dnsPolicy === 'None' && !isObject(spec.dnsConfig)) out.push({ pointer: `${pointer}/dnsConfig`, message: 'dnsPolicy None needs a dnsConfig: the pod gets no other DNS settings' });
  const securityContext = asObject(spec.securityContext);
  if (securityContext !== undefined) validateIds(out, securityContext, `${pointer}/securityContext`, ['runAsUser', 'runAsGroup', 'fsGroup']);
  if (containers !== undefined) validateHostPorts(out, containers, pointer, spec.hostNetwork === true);
  validateLabels(out, spec.nodeSelector, `${pointer}/nodeSelector`, 'node selector');
  checkName(out, spec, 'serviceAccountName', pointer, dns1123Subdomain, 'a ServiceAccount name');
  // A StatefulSet names its pods' hosts itself, whatever the template says.
  if (kind !== 'StatefulSet') checkName(out, spec, 'hostname', pointer, dns1123Label, 'a hostname');
  checkName(out, spec, 'subdomain', pointer, dns1123Label, 'a subdomain');
  checkPositive(out, spec, 'activeDeadlineSeconds', pointer);
  if (longRunning.has(kind) && spec.activeDeadlineSeconds != null) {
    out.push({ pointer: `${pointer}/activeDeadlineSeconds`, message: `a ${kind} keeps its pods running: activeDeadlineSeconds is refused in its template` });
  }
  validateTolerations(out, asArray(spec.tolerations), `${pointer}/tolerations`);
  asArray(spec.readinessGates)?.forEach((gate, index) => {
    const conditionType = isObject(gate) ? asString(gate.conditionType) : undefined;
    const problem = conditionType === undefined || conditionType === '' ? undefined : qualifiedName(conditionType);
    if (problem !== undefined) out.push({ pointer: `${pointer}/readinessGates/${index}/conditionType`, message: `readiness gate "${shown(conditionType!)}" ${problem}` });
  });
  validateTopologySpread(out, asArray(spec.topologySpreadConstraints), `${pointer}/topologySpreadConstraints`);
}

const largestId = 2147483647;

/** User and group ids: 0 to 2³¹−1. */
function validateIds(out: Findings, context: Json, pointer: string, fields: readonly string[]): void {
  for (const field of fields) {
    const id = context[field];
    if (typeof id === 'number' && (id < 0 || id > largestId)) out.push({ pointer: `${pointer}/${field}`, message: `${field} must be between 0 and ${largestId}, not ${id}` });
  }
}

/**
 * Host ports of the pod's containers: unique per protocol and host address; on the host's network
 * a container listens on the node itself, so a host port is its container port (the server fills it in).
 */
function validateHostPorts(out: Findings, containers: unknown[], pointer: string, hostNetwork: boolean): void {
  const used = new Set<string>();
  containers.forEach((container, index) => {
    asArray(isObject(container) ? container.ports : undefined)?.forEach((port, portIndex) => {
      if (!isObject(port) || typeof port.containerPort !== 'number') return;
      const at = `${pointer}/containers/${index}/ports/${portIndex}/hostPort`;
      let hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      if (hostNetwork) {
        if (hostPort !== 0 && hostPort !== port.containerPort) out.push({ pointer: at, message: `with hostNetwork, hostPort must equal containerPort (${port.containerPort}), not ${hostPort}` });
        if (hostPort === 0) hostPort = port.containerPort;
      }
      if (hostPort === 0) return;
      const slot = `${asString(port.protocol) || 'TCP'}/${asString(port.hostIP) ?? ''}/${hostPort}`;
      if (used.has(slot)) out.push({ pointer: at, message: `host port ${hostPort}/${asString(port.protocol) || 'TCP'} is taken by another container of this pod` });
      used.add(slot);
    });
  });
}

function checkName(out: Findings, parent: Json, field: string, pointer: string, rule: (value: string) => string | undefined, what: string): void {
  const value = stringAt(parent, field);
  if (value === undefined || value === '') return;
  const problem = rule(value);
  if (problem !== undefined) out.push({ pointer: `${pointer}/${field}`, message: `${field} "${shown(value)}": ${what} ${problem}` });
}

/** Volume names (RFC 1123 labels, unique) and at most one source each; returns the names. */
function validateVolumes(out: Findings, volumes: unknown[] | undefined, pointer: string): Set<string> {
  const names = new Set<string>();
  volumes?.forEach((volume, index) => {
    if (!isObject(volume)) return;
    const at = `${pointer}/${index}`;
    const name = asString(volume.name);
    if (name !== undefined && name !== '') {
      const problem = dns1123Label(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `volume name "${shown(name)}" ${problem}` });
      else if (names.has(name)) out.push({ pointer: `${at}/name`, message: `volume name "${name}" is used twice in this pod` });
      names.add(name);
    }
    // Every field but the name is a source; with none, the server defaults to an emptyDir.
    let sources = 0;
    for (const field in volume) if (field !== 'name' && volume[field] !== null && volume[field] !== undefined) sources++;
    if (sources > 1) out.push({ pointer: at, message: `a volume has exactly one source (configMap, secret, emptyDir, …); "${shown(name ?? '')}" has ${sources}` });
    for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
      const value = asObject(volume[source]);
      if (value !== undefined) validateFileMode(out, value.defaultMode, `${at}/${source}/defaultMode`);
    }
    for (const source of ['configMap', 'secret']) {
      asArray(asObject(volume[source])?.items)?.forEach((item, itemIndex) => {
        if (isObject(item)) validateKeyToPath(out, item, `${at}/${source}/items/${itemIndex}`);
      });
    }
    const sizeLimit = quantityValue(asObject(volume.emptyDir)?.sizeLimit);
    if (sizeLimit !== undefined && sizeLimit < 0) out.push({ pointer: `${at}/emptyDir/sizeLimit`, message: 'an emptyDir sizeLimit must not be negative' });
    requireNamed(out, asObject(volume.configMap), 'name', `${at}/configMap`, 'a configMap volume names its ConfigMap');
    requireNamed(out, asObject(volume.secret), 'secretName', `${at}/secret`, 'a secret volume names its Secret (secretName)');
    requireNamed(out, asObject(volume.persistentVolumeClaim), 'claimName', `${at}/persistentVolumeClaim`, 'a persistentVolumeClaim volume names its claim (claimName)');
  });
  return names;
}

/** A projected file: a key, a relative path that stays inside the volume, a mode that is one. */
function validateKeyToPath(out: Findings, item: Json, pointer: string): void {
  if ((asString(item.key) ?? '') === '') out.push({ pointer: `${pointer}/key`, message: 'a volume item needs the key it projects' });
  const path = asString(item.path) ?? '';
  const problem = path === '' ? 'a volume item needs a path' : localPathProblem(path) ?? (path.startsWith('..') ? `path ${shown(path)} must not start with '..'` : undefined);
  if (problem !== undefined) out.push({ pointer: `${pointer}/path`, message: problem });
  validateFileMode(out, item.mode, `${pointer}/mode`);
}

/** A path inside a volume: relative, and never climbing out with '..'. */
function localPathProblem(path: string): string | undefined {
  if (path.startsWith('/')) return `path ${shown(path)} must be relative to the volume`;
  if (path.split('/').includes('..')) return `path ${shown(path)} must not contain '..'`;
  return undefined;
}

function validateFileMode(out: Findings, mode: unknown, pointer: string): void {
  if (typeof mode === 'number' && (mode < 0 || mode > 0o777)) {
    out.push({ pointer, message: `file mode ${mode} is not one: it must be between 0 and 0777 (octal), 511 in decimal` });
  }
}

function requireNamed(out: Findings, source: Json | undefined, field: string, pointer: string, message: string): void {
  if (source !== undefined && (stringAt(source, field) ?? '') === '') out.push({ pointer: `${pointer}/${field}`, message });
}

function validateContainers(
  out: Findings,
  containers: unknown[] | undefined,
  pointer: string,
  volumeNames: Set<string>,
  containerNames: Set<string>,
  regular: boolean,
  forPod: boolean,
): void {
  containers?.forEach((container, index) => {
    if (!isObject(container)) return;
    const at = `${pointer}/${index}`;
    const name = asString(container.name);
    if (name !== undefined && name !== '') {
      const problem = dns1123Label(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `container name "${shown(name)}" ${problem}` });
      else if (containerNames.has(name)) out.push({ pointer: `${at}/name`, message: `container name "${name}" is used twice in this pod (containers and initContainers share names)` });
      containerNames.add(name);
    }
    const image = container.image;
    if (image === undefined || image === '') out.push({ pointer: `${at}/image`, message: `container "${shown(name ?? '')}" has no image` });
    // The API server checks this on Pods only, not on the templates of workloads.
    else if (forPod && typeof image === 'string' && image.trim() !== image) out.push({ pointer: `${at}/image`, message: 'an image must not have leading or trailing whitespace' });
    checkEnum(out, container, 'imagePullPolicy', at, ['Always', 'IfNotPresent', 'Never'], 'imagePullPolicy');
    checkEnum(out, container, 'terminationMessagePolicy', at, ['File', 'FallbackToLogsOnError'], 'terminationMessagePolicy');
    validateContainerPorts(out, asArray(container.ports), `${at}/ports`);
    validateEnv(out, asArray(container.env), `${at}/env`);
    validateEnvFrom(out, asArray(container.envFrom), `${at}/envFrom`);
    validateVolumeMounts(out, asArray(container.volumeMounts), `${at}/volumeMounts`, volumeNames);
    const securityContext = asObject(container.securityContext);
    if (securityContext !== undefined) validateIds(out, securityContext, `${at}/securityContext`, ['runAsUser', 'runAsGroup']);
    const lifecycle = asObject(container.lifecycle);
    if (lifecycle !== undefined) {
      for (const hook of ['postStart', 'preStop']) {
        const handler = asObject(lifecycle[hook]);
        if (handler !== undefined) validateLifecycleHandler(out, handler, `${at}/lifecycle/${hook}`);
      }
    }
    const resources = asObject(container.resources);
    if (resources !== undefined) validateContainerResources(out, resources, `${at}/resources`);
    // An init container runs to completion, unless it is a sidecar (restartPolicy Always).
    const sidecar = !regular && container.restartPolicy === 'Always';
    for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
      if (regular || sidecar || container[field] == null) continue;
      out.push({ pointer: `${at}/${field}`, message: `an init container takes no ${field} unless it is a sidecar (restartPolicy: Always)` });
    }
    if (regular || sidecar) {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const value = objectAt(container, probe);
        if (value !== undefined) validateProbe(out, value, `${at}/${probe}`, probe);
      }
    }
  });
}

const hookHandlers = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function validateLifecycleHandler(out: Findings, handler: Json, pointer: string): void {
  let count = 0;
  for (const kind of hookHandlers) if (isObject(handler[kind])) count++;
  if (count !== 1) out.push({ pointer, message: `a lifecycle hook needs exactly one handler: exec, httpGet, tcpSocket or sleep; it has ${count === 0 ? 'none' : count}` });
  const seconds = asObject(handler.sleep)?.seconds;
  if (typeof seconds === 'number' && seconds < 0) out.push({ pointer: `${pointer}/sleep/seconds`, message: `a sleep hook's seconds must not be negative, not ${seconds}` });
}

function validateContainerPorts(out: Findings, ports: unknown[] | undefined, pointer: string): void {
  const names = new Set<string>();
  ports?.forEach((port, index) => {
    if (!isObject(port)) return;
    const at = `${pointer}/${index}`;
    const name = asString(port.name);
    if (name !== undefined && name !== '') {
      const problem = ianaServiceName(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `port name "${shown(name)}" ${problem}` });
      else if (names.has(name)) out.push({ pointer: `${at}/name`, message: `port name "${name}" is used twice in this container` });
      names.add(name);
    }
    validatePortNumber(out, port.containerPort, `${at}/containerPort`);
    if (port.hostPort !== 0) validatePortNumber(out, port.hostPort, `${at}/hostPort`);
    checkEnum(out, port, 'protocol', at, protocols, 'protocol');
  });
}

const envSources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

function validateEnv(out: Findings, env: unknown[] | undefined, pointer: string): void {
  env?.forEach((variable, index) => {
    if (!isObject(variable)) return;
    const at = `${pointer}/${index}`;
    const name = asString(variable.name);
    if (name === '') out.push({ pointer: `${at}/name`, message: 'an environment variable needs a name' });
    else if (name !== undefined) {
      const problem = environmentVariableName(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `"${shown(name)}": ${problem}` });
    }
    const valueFrom = asObject(variable.valueFrom);
    if (valueFrom === undefined) return;
    if (typeof variable.value === 'string' && variable.value !== '') {
      out.push({ pointer: `${at}/valueFrom`, message: 'an environment variable takes value or valueFrom, not both' });
    }
    let sources = 0;
    for (const source of envSources) if (isObject(valueFrom[source])) sources++;
    if (sources === 0) out.push({ pointer: `${at}/valueFrom`, message: `valueFrom needs one source: ${envSources.join(', ')}` });
    else if (sources > 1) out.push({ pointer: `${at}/valueFrom`, message: `valueFrom takes exactly one source, not ${sources}` });
    for (const source of ['configMapKeyRef', 'secretKeyRef']) {
      const selector = objectAt(valueFrom, source);
      if (selector !== undefined) validateKeySelector(out, selector, `${at}/valueFrom/${source}`, source === 'configMapKeyRef' ? 'ConfigMap' : 'Secret');
    }
  });
}

function validateKeySelector(out: Findings, selector: Json, pointer: string, kind: string): void {
  const name = asString(selector.name) ?? '';
  const nameProblem = dns1123Subdomain(name);
  if (nameProblem !== undefined) out.push({ pointer: `${pointer}/name`, message: name === '' ? `name the ${kind} to read from` : `${kind} name "${shown(name)}" ${nameProblem}` });
  const selected = asString(selector.key);
  if (selected === undefined || selected === '') out.push({ pointer: `${pointer}/key`, message: `name the ${kind} key to read` });
  else {
    const keyProblem = configMapKey(selected);
    if (keyProblem !== undefined) out.push({ pointer: `${pointer}/key`, message: `key "${shown(selected)}" ${keyProblem}` });
  }
}

function validateEnvFrom(out: Findings, envFrom: unknown[] | undefined, pointer: string): void {
  envFrom?.forEach((source, index) => {
    if (!isObject(source)) return;
    const at = `${pointer}/${index}`;
    const prefix = asString(source.prefix);
    if (prefix !== undefined && prefix !== '') {
      const problem = environmentVariableName(prefix);
      if (problem !== undefined) out.push({ pointer: `${at}/prefix`, message: `prefix "${shown(prefix)}": ${problem}` });
    }
    const count = (isObject(source.configMapRef) ? 1 : 0) + (isObject(source.secretRef) ? 1 : 0);
    if (count !== 1) out.push({ pointer: at, message: `envFrom takes exactly one of configMapRef and secretRef, not ${count}` });
  });
}

function validateVolumeMounts(out: Findings, mounts: unknown[] | undefined, pointer: string, volumeNames: Set<string>): void {
  const paths = new Set<string>();
  mounts?.forEach((mount, index) => {
    if (!isObject(mount)) return;
    const at = `${pointer}/${index}`;
    const name = asString(mount.name);
    if (name !== undefined && name !== '' && !volumeNames.has(name)) {
      out.push({ pointer: `${at}/name`, message: `volumeMount names "${shown(name)}", which is not a volume of this pod` });
    }
    const mountPath = asString(mount.mountPath);
    if (mountPath === '') out.push({ pointer: `${at}/mountPath`, message: 'a volumeMount needs a mountPath' });
    else if (mountPath !== undefined) {
      if (paths.has(mountPath)) out.push({ pointer: `${at}/mountPath`, message: `mountPath ${shown(mountPath)} is mounted twice in this container` });
      paths.add(mountPath);
    }
    const subPath = asString(mount.subPath) ?? '';
    const subPathProblem = subPath === '' ? undefined : localPathProblem(subPath);
    if (subPathProblem !== undefined) out.push({ pointer: `${at}/subPath`, message: `sub${subPathProblem}` });
    if (subPath !== '' && (asString(mount.subPathExpr) ?? '') !== '') {
      out.push({ pointer: `${at}/subPathExpr`, message: 'a volumeMount takes subPath or subPathExpr, not both' });
    }
    checkEnum(out, mount, 'mountPropagation', at, ['None', 'HostToContainer', 'Bidirectional'], 'mountPropagation');
  });
}

function validateTolerations(out: Findings, tolerations: unknown[] | undefined, pointer: string): void {
  tolerations?.forEach((toleration, index) => {
    if (!isObject(toleration)) return;
    const at = `${pointer}/${index}`;
    const tolerationKey = asString(toleration.key) ?? '';
    if (tolerationKey !== '') {
      const problem = qualifiedName(tolerationKey);
      if (problem !== undefined) out.push({ pointer: `${at}/key`, message: `toleration key "${shown(tolerationKey)}" ${problem}` });
    }
    const operator = asString(toleration.operator) ?? '';
    checkEnum(out, toleration, 'operator', at, ['Equal', 'Exists'], 'toleration operator');
    if (operator === 'Exists' && (asString(toleration.value) ?? '') !== '') {
      out.push({ pointer: `${at}/operator`, message: 'a toleration with operator Exists takes no value' });
    }
    checkEnum(out, toleration, 'effect', at, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'toleration effect');
  });
}

function validateTopologySpread(out: Findings, constraints: unknown[] | undefined, pointer: string): void {
  const pairs = new Set<string>();
  constraints?.forEach((constraint, index) => {
    if (!isObject(constraint)) return;
    const at = `${pointer}/${index}`;
    const maxSkew = constraint.maxSkew;
    if (typeof maxSkew === 'number' && maxSkew <= 0) out.push({ pointer: `${at}/maxSkew`, message: `maxSkew must be greater than 0, not ${maxSkew}` });
    const topologyKey = asString(constraint.topologyKey) ?? '';
    if (topologyKey === '') out.push({ pointer: `${at}/topologyKey`, message: 'a topology spread constraint needs a topologyKey' });
    checkEnum(out, constraint, 'whenUnsatisfiable', at, ['DoNotSchedule', 'ScheduleAnyway'], 'whenUnsatisfiable');
    checkEnum(out, constraint, 'nodeAffinityPolicy', at, ['Honor', 'Ignore'], 'nodeAffinityPolicy');
    checkEnum(out, constraint, 'nodeTaintsPolicy', at, ['Honor', 'Ignore'], 'nodeTaintsPolicy');
    const pair = `${topologyKey}\0${String(constraint.whenUnsatisfiable)}`;
    if (pairs.has(pair)) out.push({ pointer: at, message: `two topology spread constraints share topologyKey ${topologyKey} and whenUnsatisfiable ${String(constraint.whenUnsatisfiable)}` });
    pairs.add(pair);
    const selector = asObject(constraint.labelSelector);
    if (selector !== undefined) validateLabelSelector(out, selector, `${at}/labelSelector`);
  });
}
