import type { EnvVar, ServicePort } from 'kubernetes-types/core/v1.js';
import type { Manifest } from '../../core/manifest.ts';
import { joinPointer } from '../../core/pointer.ts';
import { closestName, didYouMean } from '../../core/did-you-mean.ts';
import { classifyHost, companionPortName, hostInValue, hostsInText, type HostReference } from '../hosts.ts';
import { containersOf, podTemplates, podTemplateKinds } from '../pods.ts';
import { asRecord, objectItems, stringItems } from '../values.ts';
import { NamespacedIndex, namespaceOf, type ScopeIndex } from '../scope.ts';
import type { Rule, RuleContext } from '../types.ts';

interface Options {
  clusterDomain: string;
}
type Context = RuleContext<Options>;

interface KnownService {
  manifest: Manifest;
  ports: ServicePort[];
  headless: boolean;
}

/** The scope's Services by namespace and name, built once per scope (`context.index.derive`). */
function scopeServices(index: ScopeIndex) {
  const services = new NamespacedIndex<KnownService>();
  // Service names by namespace, for the nearest-name suggestion; those without a namespace apart.
  const names = new Map<string, Set<string>>();
  const unnamespacedNames = new Set<string>();
  const { namespaces } = index;
  let hasUnnamespaced = false;
  let count = 0;
  for (const manifest of index.byKind('Service').all) {
    const namespace = namespaceOf(manifest);
    const { object } = manifest;
    if (object.apiVersion !== 'v1') continue;
    const spec = asRecord(object.spec) ?? {};
    services.add(namespace, object.metadata.name ?? '', {
      manifest,
      ports: objectItems<ServicePort>(spec.ports).map(([port]) => port),
      headless: spec.clusterIP === 'None',
    });
    const name = object.metadata.name ?? '';
    if (namespace === undefined) unnamespacedNames.add(name);
    else {
      let inNamespace = names.get(namespace);
      if (inNamespace === undefined) names.set(namespace, (inNamespace = new Set()));
      inNamespace.add(name);
    }
    hasUnnamespaced ||= namespace === undefined;
    count += 1;
  }
  return {
    services,
    count,
    /** The Service names a lookup in `namespace` could have meant (every name when it is undefined). */
    namesIn(namespace: string | undefined): Iterable<string> {
      if (namespace === undefined) return [...unnamespacedNames, ...[...names.values()].flatMap((set) => [...set])];
      return [...(names.get(namespace) ?? []), ...unnamespacedNames];
    },
    isKnownNamespace: (namespace: string) => hasUnnamespaced || namespaces.has(namespace),
  };
}

/** The API server's Service, present in every cluster but never in a scope. */
const builtInServices = new Set(['kubernetes/default']);

type MessageId = 'unknownService' | 'portNotServed' | 'ipLiteral';

export const serviceDiscovery: Rule<Options, MessageId> = {
  meta: {
    id: 'service-discovery',
    kinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }, ...podTemplateKinds],
    crossObject: true,
    description:
      'Hosts named in configuration are Services that exist in the namespace and serve the port; no IP literals where a Service name belongs.',
    docs: {
      why: 'Workloads find each other by Service name and port (`db:5432`, `http://llm:8000/v1`). A misspelled name, a Service in another namespace, or a port the Service does not serve fails only at run time, as a connection error in the app\'s logs. A Pod or cluster IP changes on every restart or re-creation. Checked values: any env value (or ConfigMap value) that is a URL; env vars (or ConfigMap keys) whose name ends in HOST, HOSTNAME, ADDR, ADDRESS, SERVER, ENDPOINT, URL or URI holding `host` or `host:port`, with the companion `*_PORT` variable checked against the Service when the host has no port; URLs inside container args and commands; libpq\'s `PGHOST` (a host or a comma-separated list; socket directories such as `/var/run/postgresql` skipped) with `PGPORT` (one port for all hosts, or one per host). This covers the containers and init containers of every pod template kind: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob. A name that does not resolve is reported with the nearest Service name of that namespace, when one is close (`no Service "llm" (did you mean "llm-api"?)`). Hosts: `db` (the caller\'s namespace), `db.ns`, `db.ns.svc`, `db.ns.svc.cluster.local`, `db-0.db.ns.svc…`; a namespace the scope does not contain is not judged, nor are dotted outside names (`api.example.com`). Loopback (`localhost`, `127.0.0.1`, `::1`, how a sidecar reaches its neighbour) and bind-all addresses (`0.0.0.0`, `::`) are fine. Nothing is reported about missing Services in a scope that holds no Service at all.',
    },
    messages: {
      unknownService: '{{where}} names host "{{host}}": no Service "{{service}}" in namespace {{namespace}}{{suggestion}}.',
      portNotServed: '{{where}} uses port {{port}}, which Service "{{service}}" does not serve (it serves {{ports}}).',
      ipLiteral: '{{where}} uses IP address {{host}}; name the Service instead (Pod and cluster IPs change).',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { clusterDomain: { type: 'string', minLength: 1, description: 'The cluster DNS domain.' } },
    },
    defaultOptions: { clusterDomain: 'cluster.local' },
  },
  check(context) {
    const { object } = context;
    if (object.kind === 'ConfigMap') {
      const data = asRecord(object.data) ?? {};
      for (const [key, value] of Object.entries(data)) {
        if (typeof value !== 'string') continue;
        if (key === 'PGHOST') {
          const hosts = libpqHosts(value);
          const ports = libpqPorts(data.PGPORT);
          hosts.forEach((host, position) => {
            const port = portFor(ports, position, hosts.length);
            const companion = port === undefined ? undefined : { port, site: { where: 'ConfigMap key PGPORT', at: joinPointer('/data', 'PGPORT') } };
            checkHost(context, { where: 'ConfigMap key PGHOST', at: joinPointer('/data', key) }, host, companion);
          });
          continue;
        }
        const reference = hostInValue(key, value);
        if (reference === undefined) continue;
        const portKey = companionPortName(key);
        const port = reference.port === undefined && portKey !== undefined ? portNumber(data[portKey]) : undefined;
        const companion =
          port === undefined || portKey === undefined
            ? undefined
            : { port, site: { where: `ConfigMap key ${portKey}`, at: joinPointer('/data', portKey) } };
        checkHost(context, { where: `ConfigMap key ${key}`, at: joinPointer('/data', key) }, reference, companion);
      }
      return;
    }
    for (const pod of podTemplates(object)) {
      for (const ref of containersOf(pod)) {
        if (ref.role === 'ephemeral') continue;
        const env = objectItems<EnvVar>(ref.container.env);
        for (const [variable, index] of env) {
          if (typeof variable.value !== 'string' || typeof variable.name !== 'string') continue;
          if (variable.name === 'PGHOST') {
            checkLibpqHosts(context, env, variable.value, index, ref.pointer);
            continue;
          }
          const reference = hostInValue(variable.name, variable.value);
          if (reference === undefined) continue;
          const site = { where: `Variable ${variable.name}`, at: joinPointer(ref.pointer, 'env', index, 'value') };
          checkHost(context, site, reference, reference.port === undefined ? envCompanionPort(env, variable.name, ref.pointer) : undefined);
        }
        for (const field of ['command', 'args'] as const) {
          for (const [argument, index] of stringItems(ref.container[field])) {
            const references = hostsInText(argument);
            if (references.length === 0) continue;
            const site = { where: `${field} of "${ref.container.name}"`, at: joinPointer(ref.pointer, field, index) };
            for (const reference of references) checkHost(context, site, reference, undefined);
          }
        }
      }
    }
  },
};

interface Site {
  where: string;
  at: string;
}

interface CompanionPort {
  port: number;
  site: Site;
}

/** The literal port of `DATABASE_PORT` beside `DATABASE_HOST`, when it is a number. */
function envCompanionPort(
  env: readonly [EnvVar, number][],
  name: string,
  containerPointer: string,
): CompanionPort | undefined {
  const portName = companionPortName(name);
  const found = env.find(([candidate]) => candidate.name === portName);
  const port = portNumber(found?.[0].value);
  if (found === undefined || port === undefined || portName === undefined) return undefined;
  const index = found[1];
  return { port, site: { where: `Variable ${portName}`, at: joinPointer(containerPointer, 'env', index, 'value') } };
}

/**
 * libpq's PGHOST: a host, or a comma-separated list of them (tried in order); an entry that
 * starts with `/` or `@` is a Unix-socket directory, not a host. PGPORT gives one port for every
 * host or one per host, in the same order.
 */
function libpqHosts(value: string): HostReference[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('/') && !entry.startsWith('@'))
    .flatMap((entry) => hostInValue('HOST', entry) ?? []);
}

function libpqPorts(value: unknown): (number | undefined)[] {
  return typeof value === 'string' ? value.split(',').map(portNumber) : [];
}

function portFor(ports: readonly (number | undefined)[], position: number, hosts: number): number | undefined {
  if (ports.length === 1) return ports[0];
  return ports.length === hosts ? ports[position] : undefined;
}

function checkLibpqHosts(context: Context, env: readonly [EnvVar, number][], value: string, index: number, containerPointer: string): void {
  const found = env.find(([candidate]) => candidate.name === 'PGPORT');
  const ports = libpqPorts(found?.[0].value);
  const hosts = libpqHosts(value);
  const site = { where: 'Variable PGHOST', at: joinPointer(containerPointer, 'env', index, 'value') };
  hosts.forEach((host, at) => {
    const port = portFor(ports, at, hosts.length);
    const companion =
      port === undefined || found === undefined
        ? undefined
        : { port, site: { where: 'Variable PGPORT', at: joinPointer(containerPointer, 'env', found[1], 'value') } };
    checkHost(context, site, host, companion);
  });
}

function portNumber(value: unknown): number | undefined {
  return typeof value === 'string' && /^\s*[0-9]{1,5}\s*$/.test(value) ? Number(value) : undefined;
}

function checkHost(
  context: Context,
  site: Site,
  reference: HostReference,
  companionPort: CompanionPort | undefined,
): void {
  const known = context.index.derive(scopeServices);
  const ownNamespace = namespaceOf(context.manifest);
  const host = classifyHost(reference.host, ownNamespace, context.options.clusterDomain, known.isKnownNamespace);
  if (host.kind === 'ip') {
    context.report({ at: site.at, messageId: 'ipLiteral', data: { where: site.where, host: reference.host } });
    return;
  }
  if (host.kind !== 'service' || known.count === 0) return;
  if (host.explicitNamespace && host.namespace !== undefined && !known.isKnownNamespace(host.namespace)) return;
  if (builtInServices.has(`${host.service}/${host.namespace ?? 'default'}`)) return;
  const candidates = known.services.get(host.namespace, host.service);
  if (candidates.length === 0) {
    const suggestion = didYouMean(nearestService(host.service, [...known.namesIn(host.namespace)]));
    context.report({
      at: site.at,
      messageId: 'unknownService',
      data: { where: site.where, host: reference.host, service: host.service, namespace: host.namespace ?? '(none)', suggestion },
    });
    return;
  }
  const port = reference.port ?? companionPort?.port;
  if (port === undefined || candidates.some((service) => serves(service, port))) return;
  const portSite = reference.port === undefined && companionPort !== undefined ? companionPort.site : site;
  const served = candidates.flatMap((service) => service.ports.map((servicePort) => servicePort.port));
  context.report({
    at: portSite.at,
    messageId: 'portNotServed',
    data: { where: portSite.where, port, service: host.service, ports: served.join(', ') || 'no ports' },
  });
}

/**
 * The Service a name that does not resolve most likely meant: the nearest by edit distance, else
 * the one Service whose name extends it by whole dash-separated words (`llm` for `llm-api`).
 */
function nearestService(name: string, names: readonly string[]): string | undefined {
  const near = closestName(name, names);
  if (near !== undefined) return near;
  const extended = names.filter((candidate) => candidate.startsWith(`${name}-`) || candidate.endsWith(`-${name}`));
  return extended.length === 1 ? extended[0] : undefined;
}

/** A headless Service's clients connect to the pods directly, so its target ports count too. */
function serves(service: KnownService, port: number): boolean {
  return service.ports.some(
    (servicePort) =>
      servicePort.port === port ||
      (service.headless && (servicePort.targetPort === port || typeof servicePort.targetPort === 'string')),
  );
}
