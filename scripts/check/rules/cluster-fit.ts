import type { NodeSelectorRequirement, Toleration } from 'kubernetes-types/core/v1.js';
import type { NodePoolFacts } from '../../core/cluster-facts.ts';
import { containersOf, podTemplateKinds, podTemplates, type PodTemplate } from '../pods.ts';
import { parseQuantity } from '../../core/quantity.ts';
import type { Rule, RuleContext } from '../types.ts';
import { asRecord, objectItems } from '../values.ts';

type MessageId = 'noPool' | 'notEnoughNodes' | 'unknownStorageClass' | 'unknownIngressClass' | 'unknownSecretStore';
type Context = RuleContext<Record<string, never>, MessageId>;

const resources = ['cpu', 'memory', 'nvidia.com/gpu'] as const;

/**
 * What one pod asks the scheduler for (k8s.io/component-helpers resource.PodRequests): the sum of
 * its containers and native sidecars, or the largest init container together with the sidecars
 * started before it, whichever is more.
 */
function podRequests(pod: PodTemplate): Record<string, number> {
  const total: Record<string, number> = {};
  const sidecars: Record<string, number> = {};
  const initPeak: Record<string, number> = {};
  const requestOf = (container: { resources?: { requests?: Record<string, unknown> } }, resource: string) => parseQuantity(container.resources?.requests?.[resource]) ?? 0;
  for (const ref of containersOf(pod)) {
    for (const resource of resources) {
      const value = requestOf(ref.container, resource);
      if (ref.role === 'container' || ref.role === 'sidecar') total[resource] = (total[resource] ?? 0) + value;
      if (ref.role === 'sidecar') sidecars[resource] = (sidecars[resource] ?? 0) + value;
      if (ref.role === 'init') initPeak[resource] = Math.max(initPeak[resource] ?? 0, value + (sidecars[resource] ?? 0));
    }
  }
  for (const resource of resources) total[resource] = Math.max(total[resource] ?? 0, initPeak[resource] ?? 0);
  return total;
}

function requirementMatches(requirement: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

function tolerates(toleration: Toleration, taint: NodePoolFacts['taints'][number]): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key === undefined || toleration.key === '') return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/** Why a pod cannot run on a pool's nodes (with the resource, when that is the reason), or undefined when it can. */
function misfit(pod: PodTemplate, requests: Record<string, number>, pool: NodePoolFacts): { reason: string; resource?: string } | undefined {
  const spec = pod.spec;
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) {
    if (pool.labels[key] !== value) return { reason: `nodeSelector ${key}=${value}` };
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length > 0 && !terms.some((term) => (term.matchExpressions ?? []).every((requirement) => requirementMatches(requirement, pool.labels)))) {
    return { reason: 'required node affinity' };
  }
  const untolerated = pool.taints.find((taint) => taint.effect !== 'PreferNoSchedule' && !(spec.tolerations ?? []).some((toleration) => tolerates(toleration, taint)));
  if (untolerated !== undefined) return { reason: `taint ${untolerated.key}${untolerated.value === undefined ? '' : `=${untolerated.value}`}:${untolerated.effect} not tolerated` };
  for (const resource of resources) {
    const allocatable = parseQuantity(pool.allocatable[resource]) ?? 0;
    if ((requests[resource] ?? 0) > allocatable) return { reason: `${resource} request ${String(requests[resource])} above a node's ${String(pool.allocatable[resource])}`, resource };
  }
  return undefined;
}

function replicasOf(context: Context): number {
  const spec = asRecord(context.object['spec']);
  if (context.object.kind === 'DaemonSet' || context.object.kind === 'Job' || context.object.kind === 'CronJob' || context.object.kind === 'Pod') return 1;
  const autoscalers = context.index.autoscalersOf(context.manifest);
  const minimum = autoscalers.map((autoscaler) => Number(asRecord(autoscaler.manifest.object['spec'])?.['minReplicas'] ?? 1));
  if (minimum.length > 0) return Math.max(...minimum);
  return typeof spec?.['replicas'] === 'number' ? spec['replicas'] : 1;
}

function checkPods(context: Context, pools: readonly NodePoolFacts[]): void {
  for (const pod of podTemplates(context.object)) {
    const requests = podRequests(pod);
    const reasons = pools.map((pool) => [pool, misfit(pod, requests, pool)] as const);
    const fitting = reasons.filter(([, reason]) => reason === undefined).map(([pool]) => pool);
    if (fitting.length === 0) {
      // Where the pod could go but for a resource, the request of that resource is what to change.
      const resource = reasons.map(([, misfitting]) => misfitting?.resource).find((name) => name !== undefined);
      const container = resource === undefined ? undefined : containersOf(pod).find((ref) => (ref.container.resources?.requests as Record<string, unknown> | undefined)?.[resource] !== undefined);
      const at = container === undefined || resource === undefined ? pod.specPointer : `${container.pointer}/resources/requests/${resource.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      context.report({ at, messageId: 'noPool', data: { reasons: reasons.map(([pool, misfitting]) => `${pool.name}: ${misfitting?.reason ?? ''}`).join('; ') } });
      continue;
    }
    if (context.object.kind === 'DaemonSet') continue;
    // Pods per node, by the scarcest resource, summed over the pools the pod fits.
    const replicas = replicasOf(context);
    const room = fitting.reduce((sum, pool) => {
      const perNode = Math.min(...resources.map((resource) => ((requests[resource] ?? 0) === 0 ? Infinity : Math.floor((parseQuantity(pool.allocatable[resource]) ?? 0) / requests[resource]!))));
      return sum + (perNode === Infinity ? Infinity : perNode * pool.count);
    }, 0);
    if (replicas > room) {
      context.report({ at: pod.specPointer, messageId: 'notEnoughNodes', data: { replicas, room, pools: fitting.map((pool) => pool.name).join(', ') } });
    }
  }
}

export const clusterFit: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'cluster-fit',
    kinds: [
      ...podTemplateKinds,
      { kind: 'PersistentVolumeClaim', apiVersion: 'v1' },
      { kind: 'Ingress', group: 'networking.k8s.io' },
      { kind: 'ExternalSecret', group: 'external-secrets.io' },
    ],
    crossObject: true,
    description: "Pods fit a node pool of the cluster (selectors, affinity, taints, requests) and its capacity; storage classes, the ingress class and the secret store are ones the cluster provides.",
    docs: {
      why: "A manifest can be valid and still never run on the cluster it is deployed to: a pod whose requests no node can hold, whose node selector or required affinity matches no pool (a GPU product the cluster does not have), or that does not tolerate the taints of the pools it could use stays Pending; more replicas than the pools it fits can hold leave some Pending. A claim naming a StorageClass the cluster lacks stays Pending, an Ingress with another ingress class is served by nobody, an ExternalSecret naming another store never produces its Secret. The rule checks each against the cluster profile (clusters/<env>/cluster-profile.yaml): node pools with their allocatable resources per node, labels, taints and count; storage classes; the ingress class; the External Secrets store. Requests are counted as the scheduler counts them (containers and native sidecars, or the largest init container). An autoscaled workload counts its HPA's minReplicas.",
    },
    messages: {
      noPool: 'No node pool of the cluster can run this pod ({{reasons}}): it stays Pending.',
      notEnoughNodes: '{{replicas}} replicas, but the pools this pod fits ({{pools}}) hold {{room}}: the rest stay Pending.',
      unknownStorageClass: 'StorageClass {{name}} does not exist in this cluster (it has {{known}}): the claim stays Pending.',
      unknownIngressClass: 'Ingress class {{name}} is not this cluster\'s ({{known}}): no controller serves this Ingress.',
      unknownSecretStore: 'Secret store {{kind}} {{name}} is not this cluster\'s ({{known}}): the Secret is never created.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const facts = context.index.argocd?.facts;
    if (facts === undefined) return;
    const { object } = context;
    if (object.kind === 'PersistentVolumeClaim') return checkStorageClass(context, facts.storageClasses, asRecord(object['spec'])?.['storageClassName'], '/spec/storageClassName');
    if (object.kind === 'StatefulSet') {
      const templates = asRecord(object['spec'])?.['volumeClaimTemplates'];
      for (const [template, index] of objectItems<Record<string, unknown>>(templates)) {
        checkStorageClass(context, facts.storageClasses, asRecord(template['spec'])?.['storageClassName'], `/spec/volumeClaimTemplates/${String(index)}/spec/storageClassName`);
      }
    }
    if (object.kind === 'Ingress') {
      const name = asRecord(object['spec'])?.['ingressClassName'];
      if (typeof name === 'string' && name !== facts.ingressClassName) context.report({ at: '/spec/ingressClassName', messageId: 'unknownIngressClass', data: { name, known: facts.ingressClassName } });
      return;
    }
    if (object.kind === 'ExternalSecret') {
      const reference = asRecord(asRecord(object['spec'])?.['secretStoreRef']);
      const kind = typeof reference?.['kind'] === 'string' ? reference['kind'] : 'SecretStore';
      const name = reference?.['name'];
      const { storeKind, storeName } = facts.externalSecrets;
      if (typeof name === 'string' && (name !== storeName || kind !== storeKind)) {
        context.report({ at: '/spec/secretStoreRef', messageId: 'unknownSecretStore', data: { kind, name, known: `${storeKind} ${storeName}` } });
      }
      return;
    }
    if (facts.nodePools.length > 0) checkPods(context, facts.nodePools);
  },
};

function checkStorageClass(context: Context, classes: readonly { name: string }[], name: unknown, at: string): void {
  if (typeof name !== 'string' || name === '' || classes.some((known) => known.name === name)) return;
  context.report({ at, messageId: 'unknownStorageClass', data: { name, known: classes.map((known) => known.name).join(', ') } });
}
