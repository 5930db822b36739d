import { describe, expect, it } from 'vitest';
import { clusterLimits } from '../scripts/cli/validate-command.ts';
import { compareProfile, type UsedKind } from '../scripts/cluster/profile-check.ts';
import { compareQuantities, nanoUnits } from '../scripts/core/quantity.ts';
import type { ClusterState, LiveNode } from '../scripts/cluster/profile-state.ts';

const file = 'clusters/test/cluster-profile.yaml';
const profile = `name: acme-test
environment: test
kubernetesVersion: "1.35"
nodePools:
  - name: general
    count: 2
    zones: [zone-a, zone-b]
    allocatable:
      cpu: 3920m
      memory: 14Gi
    labels:
      pool: general
    taints: []
  - name: gpu
    count: 1
    zones: [zone-a]
    allocatable:
      cpu: "8"
      nvidia.com/gpu: 1
    labels:
      pool: gpu
      nvidia.com/gpu.product: NVIDIA-L4
    taints:
      - key: nvidia.com/gpu
        value: present
        effect: NoSchedule
platform:
  externalSecrets:
    storeKind: ClusterSecretStore
    storeName: vault
  ingressClassName: nginx
  storageClasses:
    - name: fast
      default: true
      volumeBindingMode: WaitForFirstConsumer
      reclaimPolicy: Delete
      allowVolumeExpansion: true
  customResourceDefinitions:
    - { group: external-secrets.io, kind: ClusterSecretStore, scope: Cluster, servedVersions: [v1], providedBy: external-secrets }
    - { group: argoproj.io, kind: Application, scope: Namespaced, servedVersions: [v1alpha1], providedBy: argocd }
`;

function lineOf(needle: string, after = ''): number {
  const lines = profile.split('\n');
  const from = lines.findIndex((line) => line.includes(after));
  return lines.findIndex((line, index) => index >= from && line.includes(needle)) + 1;
}

const node = (name: string, pool: string, zone: string, allocatable: Record<string, string>, extra: Partial<LiveNode> = {}): LiveNode => ({
  name,
  labels: { pool, 'topology.kubernetes.io/zone': zone, ...(extra.labels ?? {}) },
  taints: extra.taints ?? [],
  allocatable,
});

/** A cluster exactly as the profile says (memory given in Ki, gpu as a string: compared as quantities). */
function matching(): ClusterState {
  const gpuTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
  return {
    version: { ok: true, value: { major: '1', minor: '35+', gitVersion: 'v1.35.2-gke.100' } },
    nodes: {
      ok: true,
      value: [
        node('g-0', 'general', 'zone-a', { cpu: '3920m', memory: '14680064Ki' }),
        node('g-1', 'general', 'zone-b', { cpu: '3.92', memory: '15032385536' }),
        node('gpu-0', 'gpu', 'zone-a', { cpu: '8', 'nvidia.com/gpu': '1' }, { labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' }, taints: [gpuTaint, { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }] }),
        node('cp-0', 'none', 'zone-a', {}, { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
      ],
    },
    storageClasses: { ok: true, value: [{ name: 'fast', isDefault: true, volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', allowVolumeExpansion: true }] },
    ingressClasses: { ok: true, value: ['nginx'] },
    crds: {
      ok: true,
      value: [
        { name: 'clustersecretstores.external-secrets.io', group: 'external-secrets.io', kind: 'ClusterSecretStore', plural: 'clustersecretstores', scope: 'Cluster', served: ['v1'] },
        { name: 'applications.argoproj.io', group: 'argoproj.io', kind: 'Application', plural: 'applications', scope: 'Namespaced', served: ['v1alpha1'] },
      ],
    },
    store: { ok: true, value: { missingIn: [] } },
  };
}

const used: UsedKind[] = [{ group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', example: 'Application/root in clusters/test' }];

function compare(state: ClusterState, kinds: readonly UsedKind[] = used) {
  return compareProfile({ file, text: profile }, state, kinds).map((finding) => ({ line: finding.at?.line, severity: finding.severity, message: finding.message }));
}

describe('compareProfile', () => {
  it('finds nothing when the cluster is as the profile says (quantities as quantities, system taints and control-plane nodes aside)', () => {
    expect(compare(matching())).toEqual([]);
  });

  it('puts a version difference on kubernetesVersion', () => {
    const state = matching();
    state.version = { ok: true, value: { major: '1', minor: '36', gitVersion: 'v1.36.0' } };
    expect(compare(state)).toEqual([{ line: lineOf('kubernetesVersion'), severity: 'error', message: 'cluster profile vs cluster: kubernetesVersion is "1.35", the cluster runs Kubernetes 1.36 (v1.36.0)' }]);
  });

  it('compares node pools: count, allocatable below the profile, zones, taints and the GPU product', () => {
    const state = matching();
    state.nodes = {
      ok: true,
      value: [
        node('g-0', 'general', 'zone-c', { cpu: '3900m', memory: '16Gi' }, { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoExecute' }] }),
        node('gpu-0', 'gpu', 'zone-a', { cpu: '8', 'nvidia.com/gpu': '1' }, { labels: { 'nvidia.com/gpu.product': 'NVIDIA-A10G' } }),
        node('stray', 'other', 'zone-a', {}),
      ],
    };
    expect(compare(state)).toEqual(
      expect.arrayContaining([
        { line: lineOf('nodePools:'), severity: 'error', message: "cluster profile vs cluster: node stray is in no node pool of the profile (no pool's labels match)" },
        { line: lineOf('count: 2'), severity: 'error', message: 'cluster profile vs cluster: node pool general: count is 2 in the profile, the cluster has 1 node labelled pool=general (g-0)' },
        { line: lineOf('cpu: 3920m'), severity: 'error', message: 'cluster profile vs cluster: node pool general: allocatable cpu is 3920m per node in the profile, but g-0 has 3900m (status.allocatable)' },
        { line: lineOf('zones:'), severity: 'error', message: 'cluster profile vs cluster: node pool general: zones are zone-a, zone-b in the profile, but g-0 is in zone-c' },
        { line: lineOf('taints: []'), severity: 'error', message: 'cluster profile vs cluster: node pool general: g-0 has taint dedicated=batch:NoExecute, which the profile does not list' },
        { line: lineOf('nvidia.com/gpu.product'), severity: 'error', message: 'cluster profile vs cluster: node pool gpu: label nvidia.com/gpu.product is NVIDIA-L4 in the profile, but gpu-0 has NVIDIA-A10G' },
        { line: lineOf('- key: nvidia.com/gpu'), severity: 'error', message: 'cluster profile vs cluster: node pool gpu: taint nvidia.com/gpu=present:NoSchedule is in the profile, but gpu-0 does not have it' },
      ]),
    );
    expect(compare(state)).toHaveLength(7);
  });

  it('compares storage classes field by field, the ingress class, CRDs and their served versions, and the store', () => {
    const state = matching();
    state.storageClasses = { ok: true, value: [{ name: 'fast', isDefault: false, volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', allowVolumeExpansion: false }, { name: 'slow', isDefault: false, volumeBindingMode: 'Immediate', reclaimPolicy: 'Delete', allowVolumeExpansion: false }] };
    state.ingressClasses = { ok: true, value: ['traefik'] };
    state.crds = { ok: true, value: [{ name: 'clustersecretstores.external-secrets.io', group: 'external-secrets.io', kind: 'ClusterSecretStore', plural: 'clustersecretstores', scope: 'Cluster', served: ['v1', 'v1beta1'] }] };
    state.store = { ok: true, value: { missingIn: [''] } };
    const kinds: UsedKind[] = [...used, { group: 'example.test', version: 'v1', kind: 'Gadget', example: 'Gadget/widget in overlays/test/app' }];
    const findings = compare(state, kinds);
    expect(findings).toEqual([
      { line: lineOf('default: true'), severity: 'error', message: 'cluster profile vs cluster: storage class fast: default is true in the profile, false in the cluster' },
      { line: lineOf('allowVolumeExpansion: true'), severity: 'error', message: 'cluster profile vs cluster: storage class fast: allowVolumeExpansion is true in the profile, false in the cluster' },
      { line: lineOf('storageClasses:'), severity: 'warning', message: 'cluster profile vs cluster: the cluster has storage classes the profile does not list: slow' },
      { line: lineOf('ingressClassName'), severity: 'error', message: 'cluster profile vs cluster: ingress class nginx is not in the cluster (it has traefik)' },
      { line: lineOf('kind: ClusterSecretStore'), severity: 'warning', message: 'cluster profile vs cluster: CRD clustersecretstores.external-secrets.io also serves v1beta1, which the profile does not list' },
      { line: lineOf('kind: Application'), severity: 'error', message: 'cluster profile vs cluster: CRD of argoproj.io Application is not in the cluster (argocd installs it)' },
      {
        line: lineOf('customResourceDefinitions:'),
        severity: 'error',
        message: "cluster profile vs cluster: the environment's objects use example.test/v1 Gadget (Gadget/widget in overlays/test/app), which the profile does not list and the cluster does not serve: no CRD of the cluster defines it",
      },
      { line: lineOf('storeName: vault'), severity: 'error', message: "cluster profile vs cluster: ClusterSecretStore vault is not in the cluster: the environment's ExternalSecrets name a store that does not exist" },
    ]);
  });

  it('takes count as the pool minimum: more nodes than it is no difference', () => {
    const state = matching();
    if (state.nodes.ok) state.nodes.value.push(node('g-2', 'general', 'zone-a', { cpu: '3920m', memory: '14Gi' }));
    expect(compare(state)).toEqual([]);
  });

  it('says what it could not check when the cluster does not answer a part', () => {
    const state = matching();
    state.nodes = { ok: false, reason: 'GET /api/v1/nodes: HTTP 403 (forbidden for this identity: see rbac/validate-readonly.yaml)' };
    expect(compare(state)).toEqual([
      { line: lineOf('nodePools:'), severity: 'warning', message: 'cluster profile vs cluster: nodePools not checked: GET /api/v1/nodes: HTTP 403 (forbidden for this identity: see rbac/validate-readonly.yaml)' },
    ]);
  });
});

describe('clusterLimits (--cluster-concurrency, --cluster-timeout)', () => {
  it('takes a whole concurrency from 1 to 64 and seconds up to 600', () => {
    expect(clusterLimits(undefined, undefined)).toEqual({});
    expect(clusterLimits('8', '2.5')).toEqual({ concurrency: 8, timeoutMs: 2500 });
    expect(clusterLimits('64', '600')).toEqual({ concurrency: 64, timeoutMs: 600_000 });
  });

  it.each([
    ['0', undefined],
    ['65', undefined],
    ['1.5', undefined],
    ['-1', undefined],
    [undefined, '0'],
    [undefined, '601'],
    [undefined, '1e3'],
    [undefined, 'ten'],
  ])('refuses concurrency %s, timeout %s with a message naming the flag', (concurrency, timeout) => {
    const result = clusterLimits(concurrency, timeout);
    expect(typeof result).toBe('string');
    expect(result).toMatch(concurrency !== undefined ? /^--cluster-concurrency / : /^--cluster-timeout /);
  });
});

describe('quantities, compared exactly (nano-units as BigInt)', () => {
  it.each([
    ['58Gi', '60817408Ki'],
    ['15820m', '15.82'],
    ['1', '1000m'],
    ['1.5Gi', '1536Mi'],
    ['1e3', '1k'],
    ['0.1', '100m'],
    [1, '1'],
    ['220Gi', '236223201280'],
  ])('%s equals %s', (a, b) => {
    expect(compareQuantities(a, b)).toBe(0);
  });

  it('orders quantities one nano-unit apart, where a double could not', () => {
    expect(compareQuantities('9007199254740993n', '9007199254740992n')).toBe(1);
    expect(compareQuantities('15819999999n', '15820m')).toBe(-1);
    expect(compareQuantities('60817407Ki', '58Gi')).toBe(-1);
  });

  it('rounds a value finer than a nano-unit up, as resource.Quantity does, and refuses what is no quantity', () => {
    expect(nanoUnits('0.0000000001')).toBe(1n);
    expect(nanoUnits('-1m')).toBe(-1_000_000n);
    expect(nanoUnits('1E')).toBe(10n ** 27n);
    expect(nanoUnits('12 Gi')).toBeUndefined();
    expect(nanoUnits('Gi')).toBeUndefined();
    expect(compareQuantities('lots', '1')).toBeUndefined();
  });
});
