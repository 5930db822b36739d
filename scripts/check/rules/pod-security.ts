import type { Container, ContainerPort, PodSecurityContext, SecurityContext, Sysctl, Volume } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../../core/pointer.ts';
import { deepestExisting } from '../locate.ts';
import { containersOf, podTemplates, type ContainerRef, type PodTemplate, podTemplateKinds } from '../pods.ts';
import { asRecord, objectItems, stringItems } from '../values.ts';
import type { RuleContext, Rule } from '../types.ts';

type Options = Record<string, never>;
type Context = RuleContext<Options>;

/**
 * The restricted Pod Security Standard's lists as the admission controller enforces them
 * (Kubernetes 1.36); it allows `image` volumes since 1.33 (kubernetes#130394), the docs lag.
 */
const allowedVolumeTypes = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const safeSysctls = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const allowedSeLinuxTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const allowedProfileTypes = new Set(['RuntimeDefault', 'Localhost']);
const appArmorAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

type MessageId = 'hostNamespace' | 'hostProcess' | 'privileged' | 'privilegeEscalation' | 'runAsNonRoot' | 'runAsRoot' | 'capabilitiesDrop' | 'capabilitiesAdd' | 'seccompProfile' | 'hostPathVolume' | 'volumeType' | 'hostPort' | 'unsafeSysctl' | 'procMount' | 'appArmor' | 'seLinux' | 'probeHost';

export const podSecurity: Rule<Options, MessageId> = {
  meta: {
    id: 'pod-security',
    kinds: podTemplateKinds,
    description: 'Pods meet the restricted Pod Security Standard, for every container, init container, sidecar and ephemeral container.',
    docs: {
      why: 'Namespaces labelled `pod-security.kubernetes.io/enforce: restricted` reject pods that break the standard, so a violation found here is a rollout that would fail at admission; everywhere else it is a container that can escape to the node. Checked: privileged, allowPrivilegeEscalation (must be false), runAsNonRoot (true at pod or container level), runAsUser 0, capabilities (drop ALL, add at most NET_BIND_SERVICE), seccomp (RuntimeDefault or Localhost at pod or container level, never Unconfined), host namespaces, hostPath and other non-restricted volume types, hostPort, unsafe sysctls, procMount, AppArmor, SELinux, Windows HostProcess, and probe or lifecycle hooks aimed at another host. Windows pods (`spec.os.name: windows`) skip the Linux-only controls, as the standard does.',
    },
    messages: {
      hostNamespace: 'Pod shares the host\'s namespace ({{field}}: true).',
      hostProcess: 'Windows HostProcess containers are not allowed.',
      privileged: 'Container "{{container}}" is privileged.',
      privilegeEscalation: 'Container "{{container}}" must set securityContext.allowPrivilegeEscalation: false.',
      runAsNonRoot: 'runAsNonRoot must be true at pod level or on {{containers}}.',
      runAsRoot: 'runAsUser 0 runs as root.',
      capabilitiesDrop: 'Container "{{container}}" must drop ALL capabilities.',
      capabilitiesAdd: 'Container "{{container}}" adds capability {{capability}}; only NET_BIND_SERVICE may be added.',
      seccompProfile: 'seccompProfile must be RuntimeDefault or Localhost at pod level or on {{containers}}.',
      hostPathVolume: 'Volume "{{volume}}" is a hostPath volume.',
      volumeType:
        'Volume "{{volume}}" has type {{type}}; restricted pods use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret.',
      hostPort: 'Container "{{container}}" binds host port {{port}}.',
      unsafeSysctl: 'Sysctl {{sysctl}} is not in the safe set.',
      procMount: 'Container "{{container}}" sets procMount {{value}}; only Default is allowed.',
      appArmor: 'AppArmor profile {{value}} is not allowed; use RuntimeDefault or Localhost.',
      seLinux: 'SELinux option {{option}}={{value}} is not allowed.',
      probeHost: 'Container "{{container}}" probes or hooks another host ({{host}}); the host field must be empty.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      const windows = asRecord(pod.spec.os)?.name === 'windows';
      checkPodLevel(context, pod);
      const containers = containersOf(pod);
      for (const ref of containers) checkContainer(context, ref, windows);
      checkInherited(context, pod, containers, 'runAsNonRoot', (value) => value === true);
      if (windows) continue;
      checkInherited(context, pod, containers, 'seccompProfile', (value) =>
        allowedProfileTypes.has(String(asRecord(value)?.type)),
      );
    }
  },
};

function checkPodLevel(context: Context, pod: PodTemplate): void {
  const { spec, specPointer } = pod;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) context.report({ at: joinPointer(specPointer, field), messageId: 'hostNamespace', data: { field } });
  }
  for (const [volume, index] of objectItems<Volume>(spec.volumes)) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type === undefined || allowedVolumeTypes.has(type)) continue;
    const at = joinPointer(specPointer, 'volumes', index, type);
    if (type === 'hostPath') context.report({ at, messageId: 'hostPathVolume', data: { volume: volume.name } });
    else context.report({ at, messageId: 'volumeType', data: { volume: volume.name, type } });
  }
  const securityContext = asRecord(spec.securityContext) as PodSecurityContext | undefined;
  const contextPointer = `${specPointer}/securityContext`;
  for (const [sysctl, index] of objectItems<Sysctl>(securityContext?.sysctls)) {
    if (safeSysctls.has(sysctl.name)) continue;
    context.report({ at: joinPointer(contextPointer, 'sysctls', index, 'name'), messageId: 'unsafeSysctl', data: { sysctl: sysctl.name } });
  }
  if (securityContext !== undefined) checkSharedFields(context, securityContext, contextPointer, '');
  if (securityContext?.runAsUser === 0) {
    context.report({ at: joinPointer(contextPointer, 'runAsUser'), messageId: 'runAsRoot' });
  }
  for (const [key, value] of Object.entries(pod.annotations ?? {})) {
    if (!key.startsWith(appArmorAnnotationPrefix)) continue;
    if (value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'))) continue;
    context.report({ at: joinPointer(pod.pointer, 'metadata', 'annotations', key), messageId: 'appArmor', data: { value: String(value) } });
  }
}

function checkContainer(context: Context, ref: ContainerRef, windows: boolean): void {
  const { container, pointer } = ref;
  const data = { container: container.name };
  const securityContext = asRecord(container.securityContext) as SecurityContext | undefined;
  const contextPointer = `${pointer}/securityContext`;
  if (securityContext?.privileged === true) {
    context.report({ at: joinPointer(contextPointer, 'privileged'), messageId: 'privileged', data });
  }
  if (securityContext !== undefined) checkSharedFields(context, securityContext, contextPointer, container.name);
  if (securityContext?.runAsUser === 0) {
    context.report({ at: joinPointer(contextPointer, 'runAsUser'), messageId: 'runAsRoot' });
  }
  if (securityContext?.procMount !== undefined && securityContext.procMount !== 'Default') {
    context.report({
      at: joinPointer(contextPointer, 'procMount'),
      messageId: 'procMount',
      data: { ...data, value: securityContext.procMount },
    });
  }
  for (const [port, index] of objectItems<ContainerPort>(container.ports)) {
    if (port.hostPort === undefined || port.hostPort === 0) continue;
    context.report({ at: joinPointer(pointer, 'ports', index, 'hostPort'), messageId: 'hostPort', data: { ...data, port: port.hostPort } });
  }
  checkHandlerHosts(context, container, pointer);
  if (windows) return;
  if (securityContext?.allowPrivilegeEscalation !== false) {
    context.report({
      at: deepestExisting(context.object, pointer, 'securityContext', 'allowPrivilegeEscalation'),
      messageId: 'privilegeEscalation',
      data,
    });
  }
  const capabilities = asRecord(securityContext?.capabilities);
  if (!stringItems(capabilities?.drop).some(([capability]) => capability === 'ALL')) {
    context.report({
      at: deepestExisting(context.object, pointer, 'securityContext', 'capabilities', 'drop'),
      messageId: 'capabilitiesDrop',
      data,
    });
  }
  for (const [capability, index] of stringItems(capabilities?.add)) {
    if (capability === 'NET_BIND_SERVICE') continue;
    context.report({
      at: joinPointer(contextPointer, 'capabilities', 'add', index),
      messageId: 'capabilitiesAdd',
      data: { ...data, capability },
    });
  }
}

/** Fields both the pod and a container security context carry with the same rules. */
function checkSharedFields(
  context: Context,
  securityContext: PodSecurityContext | SecurityContext,
  contextPointer: string,
  container: string,
): void {
  if (securityContext.windowsOptions?.hostProcess === true) {
    context.report({ at: joinPointer(contextPointer, 'windowsOptions', 'hostProcess'), messageId: 'hostProcess', data: { container } });
  }
  if (securityContext.seccompProfile?.type === 'Unconfined') {
    context.report({
      at: joinPointer(contextPointer, 'seccompProfile', 'type'),
      messageId: 'seccompProfile',
      data: { containers: container === '' ? 'every container' : `"${container}"` },
    });
  }
  const appArmorType = securityContext.appArmorProfile?.type;
  if (appArmorType !== undefined && !allowedProfileTypes.has(appArmorType)) {
    context.report({ at: joinPointer(contextPointer, 'appArmorProfile', 'type'), messageId: 'appArmor', data: { value: appArmorType } });
  }
  const seLinux = securityContext.seLinuxOptions;
  if (seLinux?.type !== undefined && !allowedSeLinuxTypes.has(seLinux.type)) {
    context.report({ at: joinPointer(contextPointer, 'seLinuxOptions', 'type'), messageId: 'seLinux', data: { option: 'type', value: seLinux.type } });
  }
  for (const option of ['user', 'role'] as const) {
    const value = seLinux?.[option];
    if (value === undefined || value === '') continue;
    context.report({ at: joinPointer(contextPointer, 'seLinuxOptions', option), messageId: 'seLinux', data: { option, value } });
  }
}

/**
 * runAsNonRoot and seccompProfile may be set once for the pod or on each container. A container
 * that sets its own bad value is reported there; containers that inherit a missing or bad pod
 * value are reported once, at the pod's field, where one line fixes them all.
 */
function checkInherited(
  context: Context,
  pod: PodTemplate,
  containers: readonly ContainerRef[],
  field: 'runAsNonRoot' | 'seccompProfile',
  isAllowed: (value: unknown) => boolean,
): void {
  const podValue: unknown = asRecord(pod.spec.securityContext)?.[field];
  const inheriting: string[] = [];
  for (const ref of containers) {
    const own: unknown = asRecord(ref.container.securityContext)?.[field];
    if (own === undefined) {
      if (!isAllowed(podValue)) inheriting.push(ref.container.name);
    } else if (!isAllowed(own) && !(field === 'seccompProfile' && asRecord(own)?.type === 'Unconfined')) {
      context.report({
        at: joinPointer(ref.pointer, 'securityContext', field),
        messageId: field,
        data: { containers: `"${ref.container.name}"` },
      });
    }
  }
  if (inheriting.length === 0) return;
  if (field === 'seccompProfile' && asRecord(podValue)?.type === 'Unconfined') return;
  context.report({
    at: deepestExisting(context.object, pod.specPointer, 'securityContext', field),
    messageId: field,
    data: { containers: inheriting.map((name) => `"${name}"`).join(', ') },
  });
}

function checkHandlerHosts(context: Context, container: Container, pointer: string): void {
  const lifecycle = asRecord(container.lifecycle);
  const handlers: [string[], unknown][] = [
    [['startupProbe'], container.startupProbe],
    [['readinessProbe'], container.readinessProbe],
    [['livenessProbe'], container.livenessProbe],
    [['lifecycle', 'postStart'], lifecycle?.postStart],
    [['lifecycle', 'preStop'], lifecycle?.preStop],
  ];
  for (const [path, handler] of handlers) {
    for (const kind of ['httpGet', 'tcpSocket'] as const) {
      const host = asRecord(asRecord(handler)?.[kind])?.host;
      if (typeof host !== 'string' || host === '') continue;
      context.report({
        at: joinPointer(pointer, ...path, kind, 'host'),
        messageId: 'probeHost',
        data: { container: container.name, host },
      });
    }
  }
}
