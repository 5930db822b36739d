import { configMapKey, dns1123Label, dns1123Subdomain, environmentVariableName, ianaServiceName, shown } from './names.ts';
import { validatePortNumber, validateProbe } from './probe.ts';
import { validateContainerResources } from './resources.ts';
import { localPathProblem } from './volumes.ts';
import { asArray, asObject, asString, checkEnum, isObject, objectAt, type Findings, type Json } from './finding.ts';

const protocols = ['TCP', 'UDP', 'SCTP'];

const largestId = 2147483647;

/** User and group ids: 0 to 2³¹−1. */
export function validateIds(out: Findings, context: Json, pointer: string, fields: readonly string[]): void {
  for (const field of fields) {
    const id = context[field];
    if (typeof id === 'number' && (id < 0 || id > largestId)) out.push({ pointer: `${pointer}/${field}`, message: `${field} must be between 0 and ${largestId}, not ${id}` });
  }
}

export function validateContainers(
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
