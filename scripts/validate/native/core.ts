import { configMapKey, dns1123Label, dns1123Subdomain, ianaServiceName, shown } from './names.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateLabels } from './object-meta.ts';
import { validatePortNumber } from './probe.ts';
import { quantityText, quantityValue } from './quantity.ts';
import { validateStorageRequest } from './resources.ts';
import { asArray, asObject, asString, checkEnum, isObject, key, type Findings, type Json } from './finding.ts';

const protocols = ['TCP', 'UDP', 'SCTP'];
const accessModes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
/** What one ConfigMap or Secret may hold in all (etcd's object size budget). */
const dataSizeLimit = 1024 * 1024;

/**
 * A Service on create, after defaulting (type ClusterIP, port protocol TCP, targetPort = port):
 * ports required unless headless or ExternalName, named and unique when more than one.
 */
export function validateService(out: Findings, spec: Json): void {
  const pointer = '/spec';
  const type = asString(spec.type) || 'ClusterIP';
  checkEnum(out, spec, 'type', pointer, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], 'Service type');
  checkEnum(out, spec, 'sessionAffinity', pointer, ['ClientIP', 'None'], 'sessionAffinity');
  checkEnum(out, spec, 'externalTrafficPolicy', pointer, ['Cluster', 'Local'], 'externalTrafficPolicy');
  if (type !== 'NodePort' && type !== 'LoadBalancer' && (asString(spec.externalTrafficPolicy) ?? '') !== '') {
    out.push({ pointer: `${pointer}/externalTrafficPolicy`, message: `externalTrafficPolicy applies to Services reachable from outside (NodePort, LoadBalancer), not to type ${type}` });
  }
  checkEnum(out, spec, 'internalTrafficPolicy', pointer, ['Cluster', 'Local'], 'internalTrafficPolicy');
  checkEnum(out, spec, 'ipFamilyPolicy', pointer, ['SingleStack', 'PreferDualStack', 'RequireDualStack'], 'ipFamilyPolicy');
  validateLabels(out, spec.selector, `${pointer}/selector`, 'selector');
  if (type === 'ExternalName') {
    const externalName = (asString(spec.externalName) ?? '').replace(/\.$/, '');
    if (externalName === '') out.push({ pointer: `${pointer}/externalName`, message: 'a Service of type ExternalName needs an externalName' });
    else {
      const problem = dns1123Subdomain(externalName);
      if (problem !== undefined) out.push({ pointer: `${pointer}/externalName`, message: `externalName "${shown(externalName)}" ${problem}` });
    }
  }
  validateServiceAddresses(out, spec, type);
  const ports = asArray(spec.ports);
  const headless = spec.clusterIP === 'None';
  if ((ports === undefined || ports.length === 0) && !headless && type !== 'ExternalName') {
    out.push({ pointer: `${pointer}/ports`, message: `a Service of type ${type} needs at least one port (only headless and ExternalName Services may have none)` });
  }
  if (ports === undefined) return;
  const names = new Set<string>();
  const endpoints = new Set<string>();
  ports.forEach((port, index) => {
    if (!isObject(port)) return;
    const at = `${pointer}/ports/${index}`;
    const name = asString(port.name) ?? '';
    if (name === '') {
      if (ports.length > 1) out.push({ pointer: `${at}/name`, message: 'a Service with more than one port must name every port' });
    } else {
      // A Service port's name is an RFC 1123 label (a container port's is an IANA_SVC_NAME).
      const problem = dns1123Label(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `port name "${shown(name)}" ${problem}` });
      else if (names.has(name)) out.push({ pointer: `${at}/name`, message: `port name "${name}" is used twice in this Service` });
      names.add(name);
    }
    validatePortNumber(out, port.port, `${at}/port`);
    checkEnum(out, port, 'protocol', at, protocols, 'protocol');
    const targetPort = port.targetPort;
    if (typeof targetPort === 'number' && targetPort !== 0) validatePortNumber(out, targetPort, `${at}/targetPort`);
    else if (typeof targetPort === 'string' && targetPort !== '') {
      const problem = ianaServiceName(targetPort);
      if (problem !== undefined) out.push({ pointer: `${at}/targetPort`, message: `targetPort "${targetPort}" names a container port, so it ${problem}` });
    }
    if (type === 'ClusterIP' && typeof port.nodePort === 'number' && port.nodePort !== 0) {
      out.push({ pointer: `${at}/nodePort`, message: 'nodePort applies to Services of type NodePort or LoadBalancer, not ClusterIP' });
    }
    const endpoint = `${String(port.port)}/${asString(port.protocol) || 'TCP'}`;
    if (typeof port.port === 'number') {
      if (endpoints.has(endpoint)) out.push({ pointer: at, message: `port ${endpoint} is listed twice in this Service` });
      endpoints.add(endpoint);
    }
  });
}

/**
 * Addresses a Service names: IPv4 ones must be addresses (IPv6 ones are left to the server); an
 * ExternalName Service has no cluster IP, and only ClusterIP Services may be headless.
 */
function validateServiceAddresses(out: Findings, spec: Json, type: string): void {
  const clusterIP = asString(spec.clusterIP) ?? '';
  if (clusterIP === 'None') {
    if (type === 'NodePort' || type === 'LoadBalancer') out.push({ pointer: '/spec/clusterIP', message: `a Service of type ${type} cannot be headless (clusterIP None)` });
  } else if (clusterIP !== '') {
    if (type === 'ExternalName') out.push({ pointer: '/spec/clusterIP', message: 'a Service of type ExternalName has no clusterIP' });
    else if (!clusterIP.includes(':') && !isIPv4Address(clusterIP)) out.push({ pointer: '/spec/clusterIP', message: `clusterIP "${shown(clusterIP)}" is not an IP address` });
  }
  asArray(spec.externalIPs)?.forEach((address, index) => {
    if (typeof address === 'string' && !address.includes(':') && !isIPv4Address(address)) {
      out.push({ pointer: `/spec/externalIPs/${index}`, message: `"${shown(address)}" is not an IP address` });
    }
  });
  asArray(spec.loadBalancerSourceRanges)?.forEach((range, index) => {
    if (typeof range !== 'string' || range.includes(':')) return;
    const [address, prefix, extra] = range.trim().split('/');
    if (extra !== undefined || prefix === undefined || !/^\d{1,2}$/.test(prefix) || Number(prefix) > 32 || !isIPv4Address(address!)) {
      out.push({ pointer: `/spec/loadBalancerSourceRanges/${index}`, message: `"${shown(range)}" is not a CIDR block such as 203.0.113.0/24` });
    }
  });
}

/** Four dot-separated numbers up to 255 (leading zeros allowed, as the server parses them). */
function isIPv4Address(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** A PersistentVolumeClaim spec, also each volumeClaimTemplate of a StatefulSet. */
export function validateClaimSpec(out: Findings, spec: Json, pointer: string): void {
  const modes = asArray(spec.accessModes);
  if (modes === undefined || modes.length === 0) out.push({ pointer: `${pointer}/accessModes`, message: `a PersistentVolumeClaim needs at least one access mode: ${accessModes.join(', ')}` });
  modes?.forEach((mode, index) => {
    if (typeof mode === 'string' && !accessModes.includes(mode)) {
      out.push({ pointer: `${pointer}/accessModes/${index}`, message: `access mode "${mode}" is not one the API server accepts: use ${accessModes.join(', ')}` });
    }
  });
  if (modes !== undefined && modes.length > 1 && modes.includes('ReadWriteOncePod')) {
    out.push({ pointer: `${pointer}/accessModes`, message: 'ReadWriteOncePod cannot be combined with other access modes' });
  }
  validateStorageRequest(out, spec, pointer);
  checkEnum(out, spec, 'volumeMode', pointer, ['Block', 'Filesystem'], 'volumeMode');
  const storageClassName = asString(spec.storageClassName);
  if (storageClassName !== undefined && storageClassName !== '') {
    const problem = dns1123Subdomain(storageClassName);
    if (problem !== undefined) out.push({ pointer: `${pointer}/storageClassName`, message: `storageClassName "${shown(storageClassName)}" ${problem}` });
  }
  const selector = asObject(spec.selector);
  if (selector !== undefined) validateLabelSelector(out, selector, `${pointer}/selector`);
}

/** ConfigMap data and binaryData: keys as the API server allows them, none in both, 1 MiB in all. */
export function validateConfigMap(out: Findings, object: Json): void {
  const data = asObject(object.data);
  const binaryData = asObject(object.binaryData);
  // Characters of data and decoded bytes of binaryData: never more than the server counts.
  const size = checkDataKeys(out, data, '/data', 'ConfigMap', 1) + checkDataKeys(out, binaryData, '/binaryData', 'ConfigMap', 0.75);
  if (data !== undefined && binaryData !== undefined) {
    for (const dataKey in binaryData) if (dataKey in data) out.push({ pointer: `/binaryData/${key(dataKey)}`, message: `key "${shown(dataKey)}" is in both data and binaryData` });
  }
  if (size > dataSizeLimit) out.push({ pointer: '', message: `a ConfigMap holds at most 1 MiB of data; this one holds about ${size} bytes` });
}

/**
 * Secret keys (data, and stringData that the server merges into data) and the keys its type
 * requires. Values are never read into a message.
 */
export function validateSecret(out: Findings, object: Json): void {
  const data = asObject(object.data);
  const stringData = asObject(object.stringData);
  // stringData replaces data under the same key: a lower bound of the merged size, in bytes.
  const size = checkDataKeys(out, data, '/data', 'Secret', 0.75, stringData) + checkDataKeys(out, stringData, '/stringData', 'Secret');
  if (size > dataSizeLimit) out.push({ pointer: stringData !== undefined ? '/stringData' : '/data', message: `a Secret holds at most 1 MiB of data; this one holds at least ${size} bytes` });
  const has = (wanted: string) => (data !== undefined && wanted in data) || (stringData !== undefined && wanted in stringData);
  const type = asString(object.type);
  const required: Record<string, string[]> = {
    'kubernetes.io/tls': ['tls.crt', 'tls.key'],
    'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
    'kubernetes.io/dockercfg': ['.dockercfg'],
    'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  };
  for (const wanted of (type && required[type]) || []) {
    if (!has(wanted)) out.push({ pointer: `/data/${key(wanted)}`, message: `a Secret of type ${type} must have the key ${wanted}` });
  }
  if (type === 'kubernetes.io/basic-auth' && !has('username') && !has('password')) {
    out.push({ pointer: '/data', message: 'a Secret of type kubernetes.io/basic-auth must have a username or a password key' });
  }
  if (type === 'kubernetes.io/service-account-token' && typeof asObject(asObject(object.metadata)?.annotations)?.['kubernetes.io/service-account.name'] !== 'string') {
    out.push({ pointer: '/metadata/annotations', message: 'a Secret of type kubernetes.io/service-account-token must name its ServiceAccount in the annotation kubernetes.io/service-account.name' });
  }
}

/**
 * Checks the keys; returns the values' size, each length scaled by `bytesPerCharacter` and rounded
 * down, leaving out keys that `replacedBy` holds too.
 */
function checkDataKeys(out: Findings, data: Json | undefined, pointer: string, kind: string, bytesPerCharacter = 1, replacedBy?: Json): number {
  if (data === undefined) return 0;
  let size = 0;
  for (const dataKey in data) {
    const problem = configMapKey(dataKey);
    if (problem !== undefined) out.push({ pointer: `${pointer}/${key(dataKey)}`, message: `${kind} key "${shown(dataKey)}" ${problem}` });
    const value = data[dataKey];
    if (typeof value === 'string' && !(replacedBy !== undefined && dataKey in replacedBy)) size += Math.floor(value.length * bytesPerCharacter) - 2;
  }
  return size;
}

/** Resource names a quota may hold without a domain; others need one (`example.com/x`, `count/x`). */
const quotaResources = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const quotaScopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];

/** A ResourceQuota: what it limits is a resource a quota knows, by an amount that is not negative. */
export function validateResourceQuota(out: Findings, spec: Json): void {
  const hard = asObject(spec.hard);
  for (const name in hard) {
    const at = `/spec/hard/${key(name)}`;
    if (!name.includes('/') && !quotaResources.has(name) && !name.startsWith('hugepages-') && !name.startsWith('requests.hugepages-')) {
      out.push({ pointer: at, message: `"${shown(name)}" is not a resource a quota can limit: use pods, requests.cpu, limits.memory, count/<resource>, … or a domain-qualified name` });
    }
    const value = quantityValue(hard[name]);
    if (value !== undefined && value < 0) out.push({ pointer: at, message: `a quota of ${name} must not be negative (${quantityText(hard[name])})` });
  }
  asArray(spec.scopes)?.forEach((scope, index) => {
    if (typeof scope === 'string' && !quotaScopes.includes(scope)) {
      out.push({ pointer: `/spec/scopes/${index}`, message: `quota scope "${scope}" is not one the API server accepts: use ${quotaScopes.join(', ')}` });
    }
  });
}
