/**
 * Reading host references out of configuration values: which values name a host, and what the
 * host is (loopback, an IP literal, a Service in some namespace, or an outside name).
 */
import { isIP } from 'node:net';
import { lastWord } from '../core/credentials.ts';

export interface HostReference {
  host: string;
  /** Explicit port, or the scheme's well-known port for a URL without one. */
  port: number | undefined;
}

const urlPattern = /^[a-z][a-z0-9+.-]*:\/\//i;
const urlsInText = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`,;]+/gi;
const hostPortPattern = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::([0-9]{1,5}))?$/;

const schemePorts: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  mongodb: 27017,
  nats: 4222,
};

/** Last words of a variable name that say its value is a host (or host:port). */
const hostNameWords = new Set(['HOST', 'HOSTNAME', 'ADDR', 'ADDRESS', 'SERVER', 'ENDPOINT', 'URL', 'URI']);

export function isHostLikeName(name: string): boolean {
  return hostNameWords.has(lastWord(name));
}

/** For `DATABASE_HOST` the companion port variable `DATABASE_PORT`. */
export function companionPortName(name: string): string | undefined {
  const match = /^(.*?)(HOST|HOSTNAME|ADDR|ADDRESS|SERVER)$/i.exec(name);
  if (match === null) return undefined;
  const suffix = match[2] ?? '';
  return `${match[1]}${suffix === suffix.toLowerCase() ? 'port' : 'PORT'}`;
}

/** A whole value that is a URL, or (for a host-like name) `host` or `host:port`. */
export function hostInValue(name: string, value: string): HostReference | undefined {
  const text = value.trim();
  if (text.includes('://') && urlPattern.test(text)) return hostInUrl(text);
  if (!isHostLikeName(name)) return undefined;
  const match = hostPortPattern.exec(text);
  if (match === null) return isIP(text) === 6 ? { host: text, port: undefined } : undefined;
  return { host: stripBrackets(match[1] ?? ''), port: match[2] === undefined ? undefined : Number(match[2]) };
}

/** Every URL inside free text such as a container argument (`--api-base=http://llm:8000/v1`). */
export function hostsInText(text: string): HostReference[] {
  if (!text.includes('://')) return [];
  return [...text.matchAll(urlsInText)].flatMap((match) => hostInUrl(match[0]) ?? []);
}

function hostInUrl(text: string): HostReference | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  // `$(VAR)` and `${VAR}` are filled in at run time; nothing to judge.
  if (url.hostname === '' || /[$%{}()]/.test(url.hostname)) return undefined;
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const port = url.port !== '' ? Number(url.port) : schemePorts[scheme];
  return { host: stripBrackets(url.hostname), port };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export type HostKind =
  | { kind: 'local' }
  | { kind: 'ip' }
  | { kind: 'service'; service: string; namespace: string | undefined; explicitNamespace: boolean }
  | { kind: 'external' };

/**
 * What a host names. `db` is Service `db` in the caller's namespace; `db.ns`, `db.ns.svc` and
 * `db.ns.svc.<clusterDomain>` (and `db-0.db.ns.svc…` for a StatefulSet pod) name Service `db`
 * in `ns`; a two-label name only counts when `ns` is a namespace the scope knows, since
 * `example.com` has the same shape. Loopback and unspecified (bind-all) addresses are local.
 */
export function classifyHost(
  host: string,
  ownNamespace: string | undefined,
  clusterDomain: string,
  isKnownNamespace: (namespace: string) => boolean,
): HostKind {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return { kind: 'local' };
  const ipVersion = isIP(lower);
  if (ipVersion !== 0) return isLocalAddress(lower) ? { kind: 'local' } : { kind: 'ip' };
  const labels = lower.split('.');
  if (labels.length === 1) return { kind: 'service', service: lower, namespace: ownNamespace, explicitNamespace: false };
  const domainSuffix = `.svc.${clusterDomain}`;
  const withoutDomain = lower.endsWith(domainSuffix) ? lower.slice(0, -clusterDomain.length - 1) : lower;
  if (withoutDomain.endsWith('.svc')) {
    const parts = withoutDomain.slice(0, -'.svc'.length).split('.');
    const namespace = parts.at(-1);
    const service = parts.at(-2);
    if (service === undefined || namespace === undefined) return { kind: 'external' };
    return { kind: 'service', service, namespace, explicitNamespace: true };
  }
  if (labels.length === 2 && isKnownNamespace(labels[1] ?? '')) {
    return { kind: 'service', service: labels[0] ?? '', namespace: labels[1], explicitNamespace: true };
  }
  return { kind: 'external' };
}

function isLocalAddress(ip: string): boolean {
  return ip.startsWith('127.') || ip === '0.0.0.0' || ip === '::1' || ip === '::';
}
