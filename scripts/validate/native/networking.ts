import { dns1123Label, dns1123Subdomain, ianaServiceName, shown } from './names.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validatePortNumber } from './probe.ts';
import { arrayAt, asArray, asObject, asString, checkEnum, isObject, type Findings, type Json } from './finding.ts';

const pathTypes = ['Exact', 'Prefix', 'ImplementationSpecific'];

/** networking.k8s.io/v1 Ingress: a default backend or rules, each path typed, each backend one service port. */
export function validateIngress(out: Findings, spec: Json): void {
  const rules = asArray(spec.rules);
  const defaultBackend = asObject(spec.defaultBackend);
  if (defaultBackend === undefined && (rules === undefined || rules.length === 0)) {
    out.push({ pointer: '/spec', message: 'an Ingress needs a defaultBackend or at least one rule' });
  }
  if (defaultBackend !== undefined) validateBackend(out, defaultBackend, '/spec/defaultBackend');
  const className = asString(spec.ingressClassName);
  if (className !== undefined && className !== '') {
    const problem = dns1123Subdomain(className);
    if (problem !== undefined) out.push({ pointer: '/spec/ingressClassName', message: `ingressClassName "${shown(className)}" ${problem}` });
  }
  rules?.forEach((rule, index) => {
    if (!isObject(rule)) return;
    const at = `/spec/rules/${index}`;
    const host = asString(rule.host);
    if (host !== undefined && host !== '') validateHost(out, host, `${at}/host`);
    const http = asObject(rule.http);
    if (http === undefined) return;
    const paths = asArray(http.paths);
    if (paths !== undefined && paths.length === 0) out.push({ pointer: `${at}/http/paths`, message: 'an http rule needs at least one path' });
    paths?.forEach((entry, pathIndex) => {
      if (!isObject(entry)) return;
      const pathAt = `${at}/http/paths/${pathIndex}`;
      const pathType = asString(entry.pathType);
      if (pathType === undefined || pathType === '') out.push({ pointer: `${pathAt}/pathType`, message: `every Ingress path needs a pathType: ${pathTypes.join(', ')}` });
      else checkEnum(out, entry, 'pathType', pathAt, pathTypes, 'pathType');
      const path = asString(entry.path);
      // Any path given must be absolute; Exact and Prefix need one.
      const needsPath = pathType === 'Exact' || pathType === 'Prefix';
      if ((path !== undefined && path !== '' && !path.startsWith('/')) || (needsPath && (path ?? '') === '')) {
        out.push({ pointer: `${pathAt}/path`, message: `an Ingress path must be absolute (start with '/')${needsPath ? `, and pathType ${pathType} needs one` : ''}` });
      }
      const backend = asObject(entry.backend);
      if (backend !== undefined) validateBackend(out, backend, `${pathAt}/backend`);
    });
  });
  asArray(spec.tls)?.forEach((tls, index) => {
    asArray(isObject(tls) ? tls.hosts : undefined)?.forEach((host, hostIndex) => {
      // A TLS host may be an address: only a rule's host may not.
      if (typeof host === 'string' && host !== '') validateHost(out, host, `/spec/tls/${index}/hosts/${hostIndex}`, true);
    });
  });
}

/** A host is a DNS name, optionally `*.` and a name; a rule's host is never an IP address. */
function validateHost(out: Findings, host: string, pointer: string, addressAllowed = false): void {
  if (!addressAllowed && isIPv4(host)) {
    out.push({ pointer, message: `host "${shown(host)}" must be a DNS name, not an IP address` });
    return;
  }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  const problem = dns1123Subdomain(name);
  if (problem !== undefined) out.push({ pointer, message: `host "${shown(host)}" ${problem} (a leading '*.' is allowed)` });
}

/** Four dot-separated numbers up to 255, leading zeros allowed (as the API server parses them). */
function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

function validateBackend(out: Findings, backend: Json, pointer: string): void {
  const service = asObject(backend.service);
  const resource = asObject(backend.resource);
  if (service !== undefined && resource !== undefined) out.push({ pointer, message: 'a backend is a service or a resource, not both' });
  if (service === undefined) {
    if (resource === undefined) out.push({ pointer: `${pointer}/service`, message: 'a backend needs a service (or a resource)' });
    return;
  }
  const name = asString(service.name) ?? '';
  const nameProblem = dns1123Label(name);
  if (nameProblem !== undefined) out.push({ pointer: `${pointer}/service/name`, message: name === '' ? 'a backend service needs a name' : `service name "${shown(name)}" ${nameProblem}` });
  const port = asObject(service.port);
  const number = port?.number;
  const portName = port === undefined ? undefined : asString(port.name);
  const hasNumber = typeof number === 'number' && number !== 0;
  const hasName = portName !== undefined && portName !== '';
  if (hasNumber && hasName) out.push({ pointer: `${pointer}/service/port`, message: 'a backend port is a number or a name, not both' });
  else if (!hasNumber && !hasName) out.push({ pointer: `${pointer}/service/port`, message: 'a backend service needs a port number or name' });
  else if (hasNumber) validatePortNumber(out, number, `${pointer}/service/port/number`);
  else {
    const problem = ianaServiceName(portName!);
    if (problem !== undefined) out.push({ pointer: `${pointer}/service/port/name`, message: `port name "${shown(portName!)}" ${problem}` });
  }
}

/** networking.k8s.io/v1 NetworkPolicy: selectors, ports and their ranges, peers, policy types. */
export function validateNetworkPolicy(out: Findings, spec: Json): void {
  const podSelector = asObject(spec.podSelector);
  if (podSelector !== undefined) validateLabelSelector(out, podSelector, '/spec/podSelector');
  for (const [direction, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arrayAt(spec, direction)?.forEach((rule, index) => {
      if (!isObject(rule)) return;
      const at = `/spec/${direction}/${index}`;
      asArray(rule.ports)?.forEach((port, portIndex) => {
        if (isObject(port)) validatePolicyPort(out, port, `${at}/ports/${portIndex}`);
      });
      arrayAt(rule, peersField)?.forEach((peer, peerIndex) => {
        if (isObject(peer)) validatePeer(out, peer, `${at}/${peersField}/${peerIndex}`);
      });
    });
  }
  const types = asArray(spec.policyTypes);
  types?.forEach((type, index) => {
    if (typeof type === 'string' && type !== 'Ingress' && type !== 'Egress') {
      out.push({ pointer: `/spec/policyTypes/${index}`, message: `policy type "${type}" is not one the API server accepts: use Ingress or Egress` });
    }
  });
}

function validatePolicyPort(out: Findings, port: Json, pointer: string): void {
  checkEnum(out, port, 'protocol', pointer, ['TCP', 'UDP', 'SCTP'], 'protocol');
  const value = port.port;
  if (typeof value === 'number') validatePortNumber(out, value, `${pointer}/port`);
  else if (typeof value === 'string') {
    const problem = ianaServiceName(value);
    if (problem !== undefined) out.push({ pointer: `${pointer}/port`, message: `port name "${shown(value)}" ${problem}` });
  }
  const endPort = port.endPort;
  if (typeof endPort !== 'number') return;
  if (typeof value !== 'number') out.push({ pointer: `${pointer}/endPort`, message: 'endPort needs a numeric port to start the range' });
  else if (endPort < value) out.push({ pointer: `${pointer}/endPort`, message: `endPort (${endPort}) must be at least port (${value})` });
  else validatePortNumber(out, endPort, `${pointer}/endPort`);
}

function validatePeer(out: Findings, peer: Json, pointer: string): void {
  const ipBlock = asObject(peer.ipBlock);
  const podSelector = asObject(peer.podSelector);
  const namespaceSelector = asObject(peer.namespaceSelector);
  if (ipBlock === undefined && podSelector === undefined && namespaceSelector === undefined) {
    out.push({ pointer, message: 'a peer needs a podSelector, a namespaceSelector or an ipBlock' });
  } else if (ipBlock !== undefined && (podSelector !== undefined || namespaceSelector !== undefined)) {
    out.push({ pointer, message: 'a peer with an ipBlock takes no selectors' });
  }
  if (podSelector !== undefined) validateLabelSelector(out, podSelector, `${pointer}/podSelector`);
  if (namespaceSelector !== undefined) validateLabelSelector(out, namespaceSelector, `${pointer}/namespaceSelector`);
  if (ipBlock !== undefined) validateIpBlock(out, ipBlock, `${pointer}/ipBlock`);
}

/**
 * An IPv4 block: a CIDR with no bits past its prefix, each exception strictly inside it. IPv6
 * blocks (anything with a ':') are left to the API server.
 */
function validateIpBlock(out: Findings, ipBlock: Json, pointer: string): void {
  const cidr = asString(ipBlock.cidr);
  if (cidr === undefined || cidr.includes(':')) return;
  const block = parseIPv4Cidr(cidr);
  if (block === undefined) {
    out.push({ pointer: `${pointer}/cidr`, message: `"${shown(cidr)}" is not a CIDR block such as 10.0.0.0/8` });
    return;
  }
  if (block.hostBits) {
    out.push({ pointer: `${pointer}/cidr`, message: `${cidr} has bits set past its /${block.prefix} prefix: write the network address` });
    return;
  }
  asArray(ipBlock.except)?.forEach((entry, index) => {
    if (typeof entry !== 'string' || entry.includes(':')) return;
    const inner = parseIPv4Cidr(entry);
    if (inner === undefined) out.push({ pointer: `${pointer}/except/${index}`, message: `"${shown(entry)}" is not a CIDR block such as 10.1.0.0/16` });
    else if (inner.prefix <= block.prefix || (inner.address & mask(block.prefix)) >>> 0 !== block.address) {
      out.push({ pointer: `${pointer}/except/${index}`, message: `${entry} must lie strictly inside ${cidr}` });
    }
  });
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function parseIPv4Cidr(text: string): { address: number; prefix: number; hostBits: boolean } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  return { address, prefix, hostBits: (address & ~mask(prefix)) >>> 0 !== 0 };
}
