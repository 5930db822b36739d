import { validateContainers, validateIds } from './containers.ts';
import { dns1123Label, dns1123Subdomain, qualifiedName, shown } from './names.ts';
import { validateAnnotations, validateLabels } from './object-meta.ts';
import { validateTolerations, validateTopologySpread } from './scheduling.ts';
import { validateVolumes } from './volumes.ts';
import { asArray, asObject, asString, checkEnum, checkPositive, isObject, stringAt, type Findings, type Json } from './finding.ts';

export const restartPolicies = ['Always', 'OnFailure', 'Never'];

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
