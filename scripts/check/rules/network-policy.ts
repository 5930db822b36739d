import type { NetworkPolicySpec } from 'kubernetes-types/networking/v1.js';
import type { Manifest } from '../../core/manifest.ts';
import { isEmptySelector, matchesSelector } from '../labels.ts';
import { deepestExisting } from '../locate.ts';
import { podTemplates, podTemplateKinds } from '../pods.ts';
import { asRecord, stringItems, stringMap } from '../values.ts';
import { labelKey, NamespacedIndex, namespaceOf, type ScopeIndex } from '../scope.ts';
import type { Rule } from '../types.ts';

interface Policy {
  manifest: Manifest;
  spec: NetworkPolicySpec;
  deniesIngress: boolean;
  deniesEgress: boolean;
}

const everyPolicy = '';
/**
 * Policies with a podSelector, indexed by the matchLabels pair the fewest pods carry (a pod can
 * only match if it carries that pair, and rare pairs keep each pod's candidate list short), or
 * under this key when they only have matchExpressions.
 */
const expressionsOnly = 'expressions-only';

/** The scope's NetworkPolicies, built once per scope (`context.index.derive`). */
function scopePolicies(index: ScopeIndex) {
  const pods = index.pods;
  const policies = new NamespacedIndex<Policy>();
  let count = 0;
  for (const manifest of index.byKind('NetworkPolicy').all) {
    const { object } = manifest;
    if (object.apiVersion !== 'networking.k8s.io/v1') continue;
    const spec = (asRecord(object.spec) ?? {}) as unknown as NetworkPolicySpec;
    // Without policyTypes, a policy always covers Ingress and covers Egress only when it has egress rules.
    const types = Array.isArray(spec.policyTypes)
      ? stringItems(spec.policyTypes).map(([type]) => type)
      : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
    const selectsAll = isEmptySelector(spec.podSelector);
    const policy = {
      manifest,
      spec,
      deniesIngress: selectsAll && types.includes('Ingress') && !hasRules(spec.ingress),
      deniesEgress: selectsAll && types.includes('Egress') && !hasRules(spec.egress),
    };
    policies.add(namespaceOf(manifest), everyPolicy, policy);
    if (!selectsAll) {
      const pair = pods.rarestPair(namespaceOf(manifest), stringMap(spec.podSelector.matchLabels) ?? {});
      policies.add(namespaceOf(manifest), pair === undefined ? expressionsOnly : labelKey(...pair), policy);
    }
    count += 1;
  }
  // The namespace's default-deny finding goes once on one pod-bearing object, chosen by kind and
  // name so that it does not depend on input order.
  const firstWorkload = new Map<string | undefined, Manifest>();
  for (const pod of pods.pods) {
    const current = firstWorkload.get(pod.namespace);
    if (current === undefined || workloadKey(pod.manifest) < workloadKey(current)) firstWorkload.set(pod.namespace, pod.manifest);
  }
  const active = count > 0 || pods.pods.some((pod) => pod.namespace !== undefined);
  return { policies, active, firstWorkload };
}

type MessageId = 'podNotSelected' | 'missingDefaultDeny' | 'policySelectsNothing';

export const networkPolicy: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'network-policy',
    kinds: [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }, ...podTemplateKinds],
    crossObject: true,
    description:
      'Each namespace with pods has a default-deny policy for ingress and egress, every pod template is selected by a policy of its own, and no policy selects nothing.',
    docs: {
      why: 'Without a default deny, any pod that is compromised (or misconfigured) can reach the database and the GPU server, and they can reach the internet. Kubernetes allows everything to a pod no policy selects, so one forgotten pod is an open door, and behind a default deny a pod without a policy of its own (one whose podSelector picks it by label; namespace-wide policies such as the default deny or an allow-DNS policy do not count) is cut off. A policy whose selector matches no pod usually means a label changed and the door it was meant to open (or close) moved. A default deny is a policy with an empty podSelector listing a direction in policyTypes with no rules for it. The rule runs on scopes with at least one NetworkPolicy or namespaced pods; policy selection is judged only in scopes with pods.',
    },
    messages: {
      podNotSelected:
        'No NetworkPolicy in namespace {{namespace}} selects this pod template by its labels; namespace-wide policies alone either cut it off or leave it open.',
      missingDefaultDeny:
        'Namespace {{namespace}} has pods but no default-deny NetworkPolicy for {{directions}} (empty podSelector, no rules).',
      policySelectsNothing: 'NetworkPolicy podSelector matches no pod template in namespace {{namespace}}.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const { object, manifest } = context;
    const { policies, active, firstWorkload } = context.index.derive(scopePolicies);
    if (!active) return;
    const namespace = namespaceOf(manifest);
    const display = namespace ?? '(none)';

    if (object.kind === 'NetworkPolicy') {
      const selector = asRecord(asRecord(object.spec)?.podSelector);
      const pods = context.index.pods;
      if (selector === undefined || isEmptySelector(selector) || pods.pods.length === 0) return;
      if (!pods.selectsAny(namespace, selector)) {
        context.report({ at: '/spec/podSelector', messageId: 'policySelectsNothing', data: { namespace: display } });
      }
      return;
    }

    const templates = podTemplates(object);
    if (templates.length === 0) return;
    for (const pod of templates) {
      const selects = (policy: Policy) => matchesSelector(policy.spec.podSelector, pod.labels);
      const selected =
        policies.get(namespace, expressionsOnly).some(selects) ||
        Object.entries(pod.labels ?? {}).some((pair) => policies.get(namespace, labelKey(...pair)).some(selects));
      if (selected) continue;
      context.report({
        at: deepestExisting(object, pod.pointer, 'metadata', 'labels'),
        messageId: 'podNotSelected',
        data: { namespace: display },
      });
    }
    if (firstWorkload.get(namespace) !== manifest) return;
    const inNamespace = policies.get(namespace, everyPolicy);
    const missing = [
      ...(inNamespace.some((policy) => policy.deniesIngress) ? [] : ['Ingress']),
      ...(inNamespace.some((policy) => policy.deniesEgress) ? [] : ['Egress']),
    ];
    if (missing.length === 0) return;
    context.report({
      at: deepestExisting(object, '/metadata', 'namespace'),
      messageId: 'missingDefaultDeny',
      data: { namespace: display, directions: missing.join(' and ') },
    });
  },
};

function workloadKey(manifest: Manifest): string {
  return `${manifest.ref.kind}/${manifest.ref.name}`;
}

function hasRules(rules: unknown): boolean {
  return Array.isArray(rules) && rules.length > 0;
}
