import { readFileSync } from 'node:fs';
import { groupOf, scopeOf } from '../argocd/index.ts';
import type { Severity } from '../core/diagnostic.ts';
import { placedFinding, type Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import { parsePointer } from '../core/pointer.ts';
import { SourceFile } from '../load/index.ts';
import type { ClusterConnection } from './connection.ts';
import { compareQuantities, nanoUnits } from '../core/quantity.ts';
import { readClusterState, type Answer, type ClusterState, type LiveCrd, type LiveNode } from './profile-state.ts';
import { list, record } from '../core/json-values.ts';

/** A custom kind the environment's objects use: what its CRD must serve. */
export interface UsedKind {
  group: string;
  version: string;
  kind: string;
  /** One object of that kind, for the message (`kind/name in target`). */
  example: string;
}

type Json = Record<string, unknown>;

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function escape(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function names(values: readonly string[], most = 5): string {
  if (values.length === 0) return 'none';
  return values.length <= most ? values.join(', ') : `${values.slice(0, most).join(', ')} and ${values.length - most} more`;
}

/** Taints the node lifecycle, cloud provider and autoscaler set and lift on their own: not the profile's to declare. */
function systemTaint(key: string): boolean {
  return key.startsWith('node.kubernetes.io/') || key.startsWith('node.cloudprovider.kubernetes.io/') || key === 'ToBeDeletedByClusterAutoscaler' || key === 'DeletionCandidateOfClusterAutoscaler';
}

/**
 * Node labels discovered from the hardware, by the GPU's feature discovery (its product, count,
 * presence) or node-feature-discovery: compared, not used to group nodes into pools.
 */
function hardwareLabel(key: string): boolean {
  return key.startsWith('nvidia.com/') || key.startsWith('feature.node.kubernetes.io/');
}

const zoneLabel = 'topology.kubernetes.io/zone';

/** A control-plane node of a self-managed cluster: in no node pool of a profile, and not reported as such. */
function controlPlaneNode(node: LiveNode): boolean {
  return 'node-role.kubernetes.io/control-plane' in node.labels || node.taints.some((taint) => taint.key === 'node-role.kubernetes.io/control-plane');
}

/** The custom kinds (not built in) of the environment's objects, except those a CRD among them defines (the sync creates it). */
export function usedCustomKinds(manifests: readonly Manifest[], environment: string): UsedKind[] {
  const own = manifests.filter((manifest) => manifest.environment === environment);
  const defined = new Set(
    own.filter((manifest) => manifest.object.kind === 'CustomResourceDefinition').map((manifest) => `${text(record(manifest.object.spec).group)}/${text(record(record(manifest.object.spec).names).kind)}`),
  );
  const used = new Map<string, UsedKind>();
  for (const { object, target } of own) {
    const group = groupOf(object.apiVersion);
    if (scopeOf(group, object.kind, new Map()) !== 'unknown' || defined.has(`${group}/${object.kind}`)) continue;
    const version = object.apiVersion.slice(object.apiVersion.indexOf('/') + 1);
    const key = `${object.apiVersion}/${object.kind}`;
    if (!used.has(key)) used.set(key, { group, version, kind: object.kind, example: `${object.kind}/${object.metadata.name ?? ''} in ${target}` });
  }
  return [...used.values()];
}

/**
 * The profile (file and text, as read from the repository) against what the cluster says. Every
 * difference is a finding on the profile's line of the entry it is about; a part the cluster did
 * not answer is a warning that says what was not checked.
 */
export function compareProfile(profile: { file: string; text: string }, state: ClusterState, used: readonly UsedKind[]): Finding[] {
  const source = new SourceFile(profile.file, profile.text);
  const document = record(source.documents()[0]);
  const findings: Finding[] = [];
  const report = (pointer: string, message: string, severity: Severity = 'error'): void => {
    const { line, column } = source.locate(0, parsePointer(pointer));
    findings.push(placedFinding('cluster-profile', { severity, message: `cluster profile vs cluster: ${message}`, target: profile.file, pointer, at: { file: profile.file, line, column } }));
  };
  const answered = <T>(answer: Answer<T>, pointer: string, what: string): T | undefined => {
    if (answer.ok) return answer.value;
    report(pointer, `${what} not checked: ${answer.reason}`, 'warning');
    return undefined;
  };
  const platform = record(document.platform);

  // Kubernetes version: major.minor of /version (a provider's "28+" minor counts as 28).
  const version = answered(state.version, '/kubernetesVersion', 'kubernetesVersion');
  const declared = text(document.kubernetesVersion);
  if (version !== undefined && declared !== '') {
    const live = `${version.major.replace(/\D+$/, '')}.${version.minor.replace(/\D+$/, '')}`;
    if (live !== declared) report('/kubernetesVersion', `kubernetesVersion is "${declared}", the cluster runs Kubernetes ${live} (${version.gitVersion || 'GET /version'})`);
  }

  const nodes = answered(state.nodes, '/nodePools', 'nodePools');
  if (nodes !== undefined) compareNodePools(list(document.nodePools).map(record), nodes, report);

  const classes = answered(state.storageClasses, '/platform/storageClasses', 'storageClasses');
  if (classes !== undefined) {
    const declaredClasses = list(platform.storageClasses).map(record);
    declaredClasses.forEach((entry, index) => {
      const name = text(entry.name);
      const at = `/platform/storageClasses/${index}`;
      const live = classes.find((candidate) => candidate.name === name);
      if (live === undefined) {
        report(at, `storage class ${name} is not in the cluster (it has ${names(classes.map((candidate) => candidate.name))})`);
        return;
      }
      const compare = (field: string, want: unknown, have: string | boolean): void => {
        if ((typeof want === 'string' || typeof want === 'boolean') && want !== have) report(`${at}/${field}`, `storage class ${name}: ${field} is ${String(want)} in the profile, ${String(have)} in the cluster`);
      };
      compare('default', entry.default, live.isDefault);
      compare('volumeBindingMode', entry.volumeBindingMode, live.volumeBindingMode);
      compare('reclaimPolicy', entry.reclaimPolicy, live.reclaimPolicy);
      compare('allowVolumeExpansion', entry.allowVolumeExpansion, live.allowVolumeExpansion);
    });
    const undeclared = classes.filter((live) => !declaredClasses.some((entry) => text(entry.name) === live.name)).map((live) => live.name);
    if (undeclared.length > 0) report('/platform/storageClasses', `the cluster has storage classes the profile does not list: ${names(undeclared)}`, 'warning');
  }

  const ingressClass = text(platform.ingressClassName);
  if (ingressClass !== '') {
    const ingressClasses = answered(state.ingressClasses, '/platform/ingressClassName', 'ingressClassName');
    if (ingressClasses !== undefined && !ingressClasses.includes(ingressClass)) {
      report('/platform/ingressClassName', `ingress class ${ingressClass} is not in the cluster (it has ${names(ingressClasses)})`);
    }
  }

  const crds = answered(state.crds, '/platform/customResourceDefinitions', 'customResourceDefinitions');
  if (crds !== undefined) compareCrds(list(platform.customResourceDefinitions).map(record), crds, used, report);

  const store = record(platform.externalSecrets);
  if (state.store !== undefined) {
    const missing = answered(state.store, '/platform/externalSecrets/storeName', 'externalSecrets');
    if (missing !== undefined && missing.missingIn.length > 0) {
      const kind = text(store.storeKind);
      const served = crds?.some((entry) => entry.group === 'external-secrets.io' && entry.kind === kind && entry.served.length > 0);
      if (served === false) report('/platform/externalSecrets/storeKind', `no CRD of external-secrets.io serves ${kind}, so the store ${text(store.storeName)} cannot exist`);
      else if (missing.missingIn[0] === '') report('/platform/externalSecrets/storeName', `${kind} ${text(store.storeName)} is not in the cluster: the environment's ExternalSecrets name a store that does not exist`);
      else {
        const where = `namespace${missing.missingIn.length === 1 ? '' : 's'} ${names(missing.missingIn)}`;
        report('/platform/externalSecrets/storeName', `${kind} ${text(store.storeName)} is not in ${where}, whose ExternalSecrets name it (a SecretStore serves its own namespace only)`);
      }
    }
  }
  return findings;
}

type Report = (pointer: string, message: string, severity?: Severity) => void;

function matches(node: LiveNode, selector: readonly [string, string][]): boolean {
  return selector.every(([key, value]) => node.labels[key] === value);
}

/**
 * Nodes are grouped into pools by the pool's labels (all but the GPU's hardware labels); each
 * pool is compared on its node count, each node's allocatable (as quantities: a node with less
 * than the profile says is a finding, more is room the rules do not count on), its zone, its
 * taints (those the system sets aside) and the hardware labels (the GPU product).
 */
function compareNodePools(pools: readonly Json[], nodes: readonly LiveNode[], report: Report): void {
  const selectors = pools.map((pool) => {
    const labels = Object.entries(record(pool.labels)).map(([key, value]) => [key, text(value)] as [string, string]);
    const grouping = labels.filter(([key]) => !hardwareLabel(key));
    return grouping.length > 0 ? grouping : labels;
  });
  const members = pools.map((): LiveNode[] => []);
  const unpooled: string[] = [];
  for (const node of nodes) {
    // The pool whose labels it has, the one with most labels when several match.
    let best = -1;
    selectors.forEach((selector, index) => {
      if (selector.length > 0 && matches(node, selector) && (best === -1 || selector.length > selectors[best]!.length)) best = index;
    });
    if (best >= 0) members[best]!.push(node);
    else if (!controlPlaneNode(node)) unpooled.push(node.name);
  }
  if (unpooled.length > 0) report('/nodePools', `${unpooled.length === 1 ? 'node' : 'nodes'} ${names(unpooled)} ${unpooled.length === 1 ? 'is' : 'are'} in no node pool of the profile (no pool's labels match)`);

  pools.forEach((pool, index) => {
    const at = `/nodePools/${index}`;
    const name = text(pool.name);
    const own = members[index]!;
    const selector = selectors[index]!.map(([key, value]) => `${key}=${value}`).join(',');
    const count = typeof pool.count === 'number' ? pool.count : undefined;
    // count is the autoscaler's minimum where the pool autoscales (the schema's word): more nodes than it is no difference.
    if (count !== undefined && own.length < count) {
      report(`${at}/count`, `node pool ${name}: count is ${count} in the profile, the cluster has ${own.length} ${own.length === 1 ? 'node' : 'nodes'} labelled ${selector || '(no labels)'}${own.length > 0 ? ` (${names(own.map((node) => node.name))})` : ''}`);
    }
    if (own.length === 0) return;

    for (const [resource, value] of Object.entries(record(pool.allocatable))) {
      if (nanoUnits(value) === undefined) continue;
      // As quantities, exactly: 58Gi is 60817408Ki, 15820m is 15.82. A node without the resource has none of it.
      const short = own.filter((node) => compareQuantities(node.allocatable[resource] ?? '0', value) === -1);
      if (short.length > 0) {
        const detail = short.map((node) => `${node.name} has ${node.allocatable[resource] ?? 'none'}`);
        report(`${at}/allocatable/${escape(resource)}`, `node pool ${name}: allocatable ${resource} is ${text(value)} per node in the profile, but ${names(detail, 3)} (status.allocatable)`);
      }
    }

    const zones = list(pool.zones).map(text);
    if (zones.length > 0) {
      const astray = own.filter((node) => !zones.includes(node.labels[zoneLabel] ?? ''));
      if (astray.length > 0) {
        const detail = astray.map((node) => `${node.name} ${node.labels[zoneLabel] === undefined ? `has no ${zoneLabel} label` : `is in ${node.labels[zoneLabel]}`}`);
        report(`${at}/zones`, `node pool ${name}: zones are ${zones.join(', ')} in the profile, but ${names(detail, 3)}`);
      }
    }

    for (const [key, value] of Object.entries(record(pool.labels))) {
      if (!hardwareLabel(key)) continue;
      const want = text(value);
      const other = own.filter((node) => node.labels[key] !== want);
      if (other.length > 0) {
        const detail = other.map((node) => `${node.name} ${node.labels[key] === undefined ? 'has none' : `has ${node.labels[key]}`}`);
        report(`${at}/labels/${escape(key)}`, `node pool ${name}: label ${key} is ${want} in the profile, but ${names(detail, 3)}`);
      }
    }

    const taints = list(pool.taints).map(record).map((taint) => ({ key: text(taint.key), value: text(taint.value), effect: text(taint.effect) }));
    const same = (a: { key: string; value: string; effect: string }, b: { key: string; value: string; effect: string }): boolean => a.key === b.key && a.value === b.value && a.effect === b.effect;
    const show = (taint: { key: string; value: string; effect: string }): string => `${taint.key}${taint.value === '' ? '' : `=${taint.value}`}:${taint.effect}`;
    taints.forEach((taint, taintIndex) => {
      const without = own.filter((node) => !node.taints.some((live) => same(live, taint)));
      if (without.length > 0) report(`${at}/taints/${taintIndex}`, `node pool ${name}: taint ${show(taint)} is in the profile, but ${names(without.map((node) => node.name), 3)} ${without.length === 1 ? 'does' : 'do'} not have it`);
    });
    const extra = new Map<string, string[]>();
    for (const node of own) {
      for (const live of node.taints) {
        if (systemTaint(live.key) || taints.some((taint) => same(taint, live))) continue;
        extra.set(show(live), [...(extra.get(show(live)) ?? []), node.name]);
      }
    }
    for (const [taint, nodeNames] of extra) report(`${at}/taints`, `node pool ${name}: ${names(nodeNames, 3)} ${nodeNames.length === 1 ? 'has' : 'have'} taint ${taint}, which the profile does not list`);
  });
}

/**
 * Each CRD the profile lists must be in the cluster with its scope and exactly the served
 * versions listed; a custom kind the environment's objects use and the profile does not list
 * must be served at the version they use.
 */
function compareCrds(entries: readonly Json[], crds: readonly LiveCrd[], used: readonly UsedKind[], report: Report): void {
  entries.forEach((entry, index) => {
    const at = `/platform/customResourceDefinitions/${index}`;
    const group = text(entry.group);
    const kind = text(entry.kind);
    const live = crds.find((candidate) => candidate.group === group && candidate.kind === kind);
    if (live === undefined) {
      report(at, `CRD of ${group} ${kind} is not in the cluster${text(entry.providedBy) === '' ? '' : ` (${text(entry.providedBy)} installs it)`}`);
      return;
    }
    const scope = text(entry.scope);
    if (scope !== '' && scope !== live.scope) report(`${at}/scope`, `CRD ${live.name}: scope is ${scope} in the profile, ${live.scope} in the cluster`);
    const declared = list(entry.servedVersions).map(text);
    const missing = declared.filter((version) => !live.served.includes(version));
    const extra = live.served.filter((version) => !declared.includes(version));
    if (missing.length > 0) report(`${at}/servedVersions`, `CRD ${live.name} does not serve ${missing.join(', ')} (it serves ${names(live.served)})`);
    // More served than listed only makes the offline checks refuse an apiVersion the server takes: a warning.
    if (extra.length > 0) report(`${at}/servedVersions`, `CRD ${live.name} also serves ${extra.join(', ')}, which the profile does not list`, 'warning');
  });
  for (const kind of used) {
    if (entries.some((entry) => text(entry.group) === kind.group && text(entry.kind) === kind.kind)) continue;
    const live = crds.find((candidate) => candidate.group === kind.group && candidate.kind === kind.kind);
    if (live !== undefined && live.served.includes(kind.version)) continue;
    const why = live === undefined ? 'no CRD of the cluster defines it' : `its CRD ${live.name} serves ${names(live.served)}`;
    report('/platform/customResourceDefinitions', `the environment's objects use ${kind.group}/${kind.version} ${kind.kind} (${kind.example}), which the profile does not list and the cluster does not serve: ${why}`);
  }
}

/**
 * The live stage's profile check: reads the environment's profile file, asks the cluster (GETs
 * only, `concurrency` at a time) and compares. A profile that cannot be read is no finding here
 * (the offline stage reports it).
 */
export async function checkClusterProfile(
  connection: ClusterConnection,
  options: { file: string; environment: string; manifests: readonly Manifest[]; concurrency: number; log: (line: string) => void },
): Promise<Finding[]> {
  let profileText: string;
  try {
    profileText = readFileSync(options.file, 'utf8');
  } catch {
    options.log(`cluster: the profile ${options.file} could not be read; not compared with the cluster`);
    return [];
  }
  const externalSecrets = record(record(record(new SourceFile(options.file, profileText).documents()[0]).platform).externalSecrets);
  const kind = text(externalSecrets.storeKind);
  const name = text(externalSecrets.storeName);
  const store = kind !== '' && name !== '' ? { kind, name, ...(kind === 'SecretStore' ? { namespaces: storeNamespaces(options.manifests, options.environment, name) } : {}) } : undefined;
  const started = Date.now();
  const state = await readClusterState(connection, { concurrency: options.concurrency, store });
  const findings = compareProfile({ file: options.file, text: profileText }, state, usedCustomKinds(options.manifests, options.environment));
  options.log(`cluster: profile ${options.file} compared with the cluster in ${Date.now() - started} ms: ${findings.length === 0 ? 'no difference' : `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}`}`);
  return findings;
}

/** The namespaces of the environment's ExternalSecrets that reference the SecretStore `name` (a store reference's kind defaults to SecretStore). */
function storeNamespaces(manifests: readonly Manifest[], environment: string, name: string): string[] {
  const namespaces = new Set<string>();
  for (const { object, environment: of } of manifests) {
    if (of !== environment || object.kind !== 'ExternalSecret' || groupOf(object.apiVersion) !== 'external-secrets.io') continue;
    const reference = record(record(object.spec).secretStoreRef);
    if ((text(reference.kind) || 'SecretStore') === 'SecretStore' && text(reference.name) === name && object.metadata.namespace !== undefined) namespaces.add(object.metadata.namespace);
  }
  return [...namespaces].sort();
}
