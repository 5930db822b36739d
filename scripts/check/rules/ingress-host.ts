import type { KubeObject } from '../../core/manifest.ts';
import type { Rule } from '../types.ts';
import { asRecord } from '../values.ts';

type MessageId = 'hostClaimedElsewhere';

/** Every host an Ingress claims, with the pointer of its first mention (rules first, then TLS). */
function hostsOf(object: KubeObject): Map<string, string> {
  const spec = asRecord(object['spec']);
  const hosts = new Map<string, string>();
  const rules = Array.isArray(spec?.['rules']) ? spec['rules'] : [];
  rules.forEach((rule, index) => {
    const host = asRecord(rule)?.['host'];
    if (typeof host === 'string' && host !== '' && !hosts.has(host)) hosts.set(host, `/spec/rules/${String(index)}/host`);
  });
  const tls = Array.isArray(spec?.['tls']) ? spec['tls'] : [];
  tls.forEach((entry, index) => {
    const names = asRecord(entry)?.['hosts'];
    (Array.isArray(names) ? names : []).forEach((host, position) => {
      if (typeof host === 'string' && host !== '' && !hosts.has(host)) hosts.set(host, `/spec/tls/${String(index)}/hosts/${String(position)}`);
    });
  });
  return hosts;
}

function isIngress(object: KubeObject): boolean {
  return object.kind === 'Ingress' && object.apiVersion.startsWith('networking.k8s.io/');
}

export const ingressHost: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'ingress-host',
    kinds: [{ kind: 'Ingress', group: 'networking.k8s.io' }],
    crossObject: true,
    description: 'No host is claimed by Ingresses of two environments.',
    docs: {
      why: "Each environment's Ingress names its own hostname, usually set by a patch in the overlay. When the patch misses (a typo in its target) or is copied without its value, staging claims the production hostname: DNS still points at production, but the certificate issuer, the ingress controller and the people reading the manifests now see two owners, and a later DNS change sends users to staging. The rule reads the model of every cluster and reports a host (in `spec.rules` or `spec.tls`) that an Ingress of another environment claims too, at the host's line.",
    },
    messages: {
      hostClaimedElsewhere: 'Host {{host}} is also claimed in {{environment}} by Ingress {{other}} (Application {{application}}).',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const view = context.index.argocd;
    if (view === undefined || view.deploymentsOf(context.object).length === 0) return;
    const hosts = hostsOf(context.object);
    for (const other of view.others) {
      for (const application of [...other.model.root, ...other.model.applications]) {
        for (const { object, key } of application.objects) {
          if (!isIngress(object)) continue;
          for (const host of hostsOf(object).keys()) {
            const at = hosts.get(host);
            if (at === undefined) continue;
            hosts.delete(host);
            context.report({ at, messageId: 'hostClaimedElsewhere', data: { host, environment: other.environment, other: `${key.namespace}/${key.name}`, application: application.name } });
          }
        }
      }
    }
  },
};
