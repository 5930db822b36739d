import type { ServicePort } from 'kubernetes-types/core/v1.js';
import type { Manifest } from '../../core/manifest.ts';
import { joinPointer } from '../../core/pointer.ts';
import { classifyHost, companionPortName, hostInValue, hostsInText, type HostReference } from '../hosts.ts';
import { asRecord, containersOf, podTemplates } from '../pods.ts';
import { NamespacedIndex, namespaceOf, perScope, type Scope } from '../scope.ts';
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

const scopeServices = perScope((scope: Scope) => {
  const services = new NamespacedIndex<KnownService>();
  const namespaces = new Set<string>();
  let hasUnnamespaced = false;
  let count = 0;
  for (const manifest of scope) {
    const namespace = namespaceOf(manifest);
    if (namespace !== undefined) namespaces.add(namespace);
    const { object } = manifest;
    if (object.kind === 'Namespace' && object.metadata.name !== undefined) namespaces.add(object.metadata.name);
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') continue;
    const spec = asRecord(object.spec) ?? {};
    services.add(namespace, object.metadata.name ?? '', {
      manifest,
      ports: Array.isArray(spec.ports) ? (spec.ports as ServicePort[]) : [],
      headless: spec.clusterIP === 'None',
    });
    hasUnnamespaced ||= namespace === undefined;
    count += 1;
  }
  return {
    services,
    count,
    isKnownNamespace: (namespace: string) => hasUnnamespaced || namespaces.has(namespace),
  };
});

/** The API server's Service, present in every cluster but never in a scope. */
const builtInServices = new Set(['kubernetes/default']);

export const serviceDiscovery: Rule<Options> = {
  meta: {
    id: 'service-discovery',
    description:
      'Hosts named in configuration are Services that exist in the namespace and serve the port; no IP literals where a Service name belongs.',
    docs: {
      why: 'Workloads find each other by Service name and port (`db:5432`, `http://llm:8000/v1`). A misspelled name, a Service in another namespace, or a port the Service does not serve fails only at run time, as a connection error in the app\'s logs. A Pod or cluster IP changes on every restart or re-creation. Checked values: any env value (or ConfigMap value) that is a URL; env vars (or ConfigMap keys) whose name ends in HOST, HOSTNAME, ADDR, ADDRESS, SERVER, ENDPOINT, URL or URI holding `host` or `host:port`, with the companion `*_PORT` variable checked against the Service when the host has no port; URLs inside container args and commands. Hosts: `db` (the caller\'s namespace), `db.ns`, `db.ns.svc`, `db.ns.svc.cluster.local`, `db-0.db.ns.svc…`; a namespace the scope does not contain is not judged, nor are dotted outside names (`api.example.com`). Loopback (`localhost`, `127.0.0.1`, `::1`, how a sidecar reaches its neighbour) and bind-all addresses (`0.0.0.0`, `::`) are fine. Nothing is reported about missing Services in a scope that holds no Service at all.',
      example: {
        valid: `apiVersion: v1
kind: Service
metadata: { name: db }
spec:
  selector: { app.kubernetes.io/name: db }
  ports: [{ name: postgres, port: 5432 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.4.2
          env:
            - { name: DATABASE_HOST, value: db }
            - { name: DATABASE_PORT, value: "5432" }`,
        invalid: `apiVersion: v1
kind: Service
metadata: { name: db }
spec:
  selector: { app.kubernetes.io/name: db }
  ports: [{ name: postgres, port: 5432 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.4.2
          env:
            - { name: DATABASE_URL, value: "postgres://postgres:5432/app" }`,
      },
    },
    messages: {
      unknownService: '{{where}} names host "{{host}}", but no Service "{{service}}" exists in namespace {{namespace}}.',
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
    if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') {
      const data = asRecord(object.data) ?? {};
      const describe = (key: string) => `ConfigMap key ${key}`;
      for (const [key, value] of Object.entries(data)) {
        if (typeof value !== 'string') continue;
        const portKey = companionPortName(key);
        const portValue = portKey === undefined ? undefined : data[portKey];
        const companion =
          portKey !== undefined && typeof portValue === 'string'
            ? { name: portKey, value: portValue, at: joinPointer('/data', portKey) }
            : undefined;
        checkNamedValue(context, describe, { name: key, value, at: joinPointer('/data', key) }, companion);
      }
      return;
    }
    const describe = (name: string) => `Variable ${name}`;
    for (const pod of podTemplates(object)) {
      for (const ref of containersOf(pod)) {
        if (ref.role === 'ephemeral') continue;
        const env = ref.container.env ?? [];
        const literal = (index: number): NamedValue | undefined => {
          const variable = env[index];
          return typeof variable?.value === 'string'
            ? { name: variable.name, value: variable.value, at: joinPointer(ref.pointer, 'env', index, 'value') }
            : undefined;
        };
        env.forEach((variable, index) => {
          const named = literal(index);
          if (named === undefined) return;
          const portName = companionPortName(variable.name);
          const portIndex = env.findIndex((other) => other.name === portName);
          checkNamedValue(context, describe, named, portIndex < 0 ? undefined : literal(portIndex));
        });
        for (const field of ['command', 'args'] as const) {
          (ref.container[field] ?? []).forEach((argument, index) => {
            if (typeof argument !== 'string') return;
            const at = joinPointer(ref.pointer, field, index);
            for (const reference of hostsInText(argument)) {
              checkHost(context, { where: `${field} of "${ref.container.name}"`, at }, reference, undefined);
            }
          });
        }
      }
    }
  },
};

interface NamedValue {
  name: string;
  value: string;
  at: string;
}

interface Site {
  where: string;
  at: string;
}

/** A host-like value, with its companion port variable (`DATABASE_PORT` beside `DATABASE_HOST`). */
function checkNamedValue(
  context: Context,
  describe: (name: string) => string,
  named: NamedValue,
  companion: NamedValue | undefined,
): void {
  const reference = hostInValue(named.name, named.value);
  if (reference === undefined) return;
  const portText = companion?.value.trim() ?? '';
  const companionPort =
    companion !== undefined && reference.port === undefined && /^[0-9]{1,5}$/.test(portText)
      ? { port: Number(portText), site: { where: describe(companion.name), at: companion.at } }
      : undefined;
  checkHost(context, { where: describe(named.name), at: named.at }, reference, companionPort);
}

function checkHost(
  context: Context,
  site: Site,
  reference: HostReference,
  companionPort: { port: number; site: Site } | undefined,
): void {
  const known = scopeServices(context.objects);
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
    context.report({
      at: site.at,
      messageId: 'unknownService',
      data: { where: site.where, host: reference.host, service: host.service, namespace: host.namespace ?? '(none)' },
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

/** A headless Service's clients connect to the pods directly, so its target ports count too. */
function serves(service: KnownService, port: number): boolean {
  return service.ports.some(
    (servicePort) =>
      servicePort.port === port ||
      (service.headless && (servicePort.targetPort === port || typeof servicePort.targetPort === 'string')),
  );
}
