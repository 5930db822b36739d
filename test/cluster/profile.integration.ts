import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterConnection } from '../../scripts/cluster/connection.ts';
import { readServedKinds } from '../../scripts/cluster/profile-state.ts';
import type { KubeObject } from '../../scripts/fidelity/baselines.ts';
import { getJson, send } from '../../scripts/fidelity/http.ts';
import { diagnosticsOf, liveEnvironment, type JsonDiagnostic, type LiveEnvironment, type RunResult } from './live-environment.ts';

const environment = 'prod';
const profileFile = 'clusters/prod/cluster-profile.yaml';
let live: LiveEnvironment;


/** What the prod profile says the cluster has, created here by the admin identity (no kubelet: Nodes are API objects, their allocatable set through the status subresource). */
interface TestNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value: string; effect: string }[];
  allocatable: Record<string, string>;
}

const generalNodes: TestNode[] = Array.from({ length: 6 }, (_, index) => ({
  name: `general-${index}`,
  labels: { 'node.acme-ai.example/pool': 'general', 'topology.kubernetes.io/zone': `zone-${'abc'[index % 3]!}` },
  taints: [],
  // 58Gi in Ki, and one node with more than the profile: room the rules do not count on, no finding.
  allocatable: { cpu: '15820m', memory: index === 5 ? '61000000Ki' : '60817408Ki', pods: '110' },
}));
const gpuNodes: TestNode[] = Array.from({ length: 2 }, (_, index) => ({
  name: `gpu-h100-${index}`,
  labels: {
    'node.acme-ai.example/pool': 'gpu-h100',
    'topology.kubernetes.io/zone': 'zone-a',
    'nvidia.com/gpu.present': 'true',
    'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
  },
  taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  allocatable: { cpu: '25', memory: '220Gi', 'nvidia.com/gpu': '1', pods: '110' },
}));

const storageClasses = [
  { name: 'standard-rwo', default: true, volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', allowVolumeExpansion: true },
  { name: 'premium-rwo', default: false, volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Retain', allowVolumeExpansion: true },
  { name: 'backup-retain', default: false, volumeBindingMode: 'Immediate', reclaimPolicy: 'Retain', allowVolumeExpansion: false },
];

/** The profile's CRDs that the shared set-up (Argo CD, External Secrets) does not install: minimal ones, as their components would serve them. */
const extraCrds: { group: string; kind: string; plural: string; scope: 'Namespaced' | 'Cluster'; version: string }[] = [
  { group: 'cert-manager.io', kind: 'Certificate', plural: 'certificates', scope: 'Namespaced', version: 'v1' },
  { group: 'cert-manager.io', kind: 'CertificateRequest', plural: 'certificaterequests', scope: 'Namespaced', version: 'v1' },
  { group: 'cert-manager.io', kind: 'Issuer', plural: 'issuers', scope: 'Namespaced', version: 'v1' },
  { group: 'cert-manager.io', kind: 'ClusterIssuer', plural: 'clusterissuers', scope: 'Cluster', version: 'v1' },
  { group: 'acme.cert-manager.io', kind: 'Order', plural: 'orders', scope: 'Namespaced', version: 'v1' },
  { group: 'acme.cert-manager.io', kind: 'Challenge', plural: 'challenges', scope: 'Namespaced', version: 'v1' },
  { group: 'nvidia.com', kind: 'ClusterPolicy', plural: 'clusterpolicies', scope: 'Cluster', version: 'v1' },
  { group: 'nvidia.com', kind: 'NVIDIADriver', plural: 'nvidiadrivers', scope: 'Cluster', version: 'v1alpha1' },
  { group: 'nfd.k8s-sigs.io', kind: 'NodeFeature', plural: 'nodefeatures', scope: 'Namespaced', version: 'v1alpha1' },
  { group: 'nfd.k8s-sigs.io', kind: 'NodeFeatureGroup', plural: 'nodefeaturegroups', scope: 'Namespaced', version: 'v1alpha1' },
  { group: 'nfd.k8s-sigs.io', kind: 'NodeFeatureRule', plural: 'nodefeaturerules', scope: 'Cluster', version: 'v1alpha1' },
];

function crdObject(crd: (typeof extraCrds)[number]): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${crd.plural}.${crd.group}` },
    spec: {
      group: crd.group,
      scope: crd.scope,
      names: { plural: crd.plural, singular: crd.kind.toLowerCase(), kind: crd.kind, listKind: `${crd.kind}List` },
      versions: [{ name: crd.version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

async function expectStatus(response: Promise<{ status: number; body: string }>, ok: readonly number[]): Promise<void> {
  const answer = await response;
  expect(ok, answer.body.slice(0, 300)).toContain(answer.status);
}

async function createNode(node: TestNode): Promise<void> {
  await expectStatus(send(live.admin, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: node.name, labels: node.labels }, spec: { taints: node.taints } }), [201]);
  const status = { status: { capacity: node.allocatable, allocatable: node.allocatable } };
  await expectStatus(send(live.admin, 'PATCH', `/api/v1/nodes/${node.name}/status`, status, 'application/merge-patch+json'), [200]);
}

/** Waits (up to 30 s) until GET path is 404. */
async function gone(path: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 200) {
    if ((await send(live.admin, 'GET', path, undefined)).status === 404) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${path} is still there after 30 s`);
}

const profileText = (): string => readFileSync(path.join(live.work, profileFile), 'utf8');

/** The 1-based line of the first line holding `needle` after the first holding `after`. */
function lineOf(needle: string, after?: string): number {
  const lines = profileText().split('\n');
  const from = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  expect(from).toBeGreaterThanOrEqual(0);
  const index = lines.findIndex((line, at) => at >= from && line.includes(needle));
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return index + 1;
}

async function profileFindings(extra: string[] = []): Promise<{ run: RunResult; findings: JsonDiagnostic[] }> {
  const run = await live.validate(['--cluster', live.context, '--kubeconfig', live.kubeconfig, '--verbose', '--format', 'json', ...extra]);
  expect(run.code, run.stderr).toBeLessThan(2);
  const diagnostics = diagnosticsOf(run);
  return { run, findings: diagnostics.filter((diagnostic) => diagnostic.ruleId === 'cluster-profile') };
}

let serverVersion = '';

beforeAll(async () => {
  live = await liveEnvironment(environment);
  const version = await getJson<{ major: string; minor: string }>(live.admin, '/version');
  serverVersion = `${version.major}.${version.minor.replace(/\D+$/, '')}`;
  for (const node of [...generalNodes, ...gpuNodes]) await createNode(node);
  await provisionPlatform();
}, 300_000);

/** The storage classes, the ingress class, the profile's other CRDs and the secret store, as the prod profile says (again after a test removed some). */
async function provisionPlatform(): Promise<void> {
  for (const storageClass of storageClasses) {
    await live.applyForReal({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: storageClass.name, ...(storageClass.default ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
      provisioner: 'pd.csi.storage.gke.io',
      volumeBindingMode: storageClass.volumeBindingMode,
      reclaimPolicy: storageClass.reclaimPolicy,
      allowVolumeExpansion: storageClass.allowVolumeExpansion,
    });
  }
  await live.applyForReal({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } });
  for (const crd of extraCrds) await live.applyForReal(crdObject(crd));
  await live.applyForReal({ apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'platform-secrets' }, spec: { provider: { fake: { data: [] } } } });
}

afterAll(async () => {
  if (live !== undefined) {
    await send(live.admin, 'DELETE', '/apis/external-secrets.io/v1/clustersecretstores/platform-secrets', undefined);
    for (const crd of extraCrds) await send(live.admin, 'DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.plural}.${crd.group}`, undefined);
    await send(live.admin, 'DELETE', '/apis/networking.k8s.io/v1/ingressclasses/nginx', undefined);
    for (const storageClass of storageClasses) await send(live.admin, 'DELETE', `/apis/storage.k8s.io/v1/storageclasses/${storageClass.name}`, undefined);
    for (const node of [...generalNodes, ...gpuNodes]) await send(live.admin, 'DELETE', `/api/v1/nodes/${node.name}`, undefined);
  }
  await live?.close();
});

describe('--cluster compares the prod cluster profile with the cluster, as the read-only identity', () => {
  it('finds no difference on a cluster that matches the profile (with the client-side limits given)', async () => {
    const { run, findings } = await live.withEdit(profileFile, 'kubernetesVersion: "1.34"', `kubernetesVersion: "${serverVersion}"`, () => profileFindings(['--cluster-concurrency', '2', '--cluster-timeout', '5']));
    expect(findings).toEqual([]);
    expect(run.stderr).toMatch(/cluster: profile clusters\/prod\/cluster-profile\.yaml compared with the cluster in \d+ ms: no difference/);
    expect(run.stdout + run.stderr).not.toContain(live.readonly.token);
  });

  it('gives each difference at the profile line of its entry', async () => {
    // The cluster drifts from the profile: a storage class gone, another's expansion turned off, a CRD gone, a GPU node of another product, the secret store gone.
    await expectStatus(send(live.admin, 'DELETE', '/apis/storage.k8s.io/v1/storageclasses/backup-retain', undefined), [200]);
    await expectStatus(send(live.admin, 'PATCH', '/apis/storage.k8s.io/v1/storageclasses/premium-rwo', { allowVolumeExpansion: false }, 'application/merge-patch+json'), [200]);
    await expectStatus(send(live.admin, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodefeaturerules.nfd.k8s-sigs.io', undefined), [200]);
    await expectStatus(send(live.admin, 'PATCH', '/api/v1/nodes/gpu-h100-1', { metadata: { labels: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' } } }, 'application/merge-patch+json'), [200]);
    await expectStatus(send(live.admin, 'DELETE', '/apis/external-secrets.io/v1/clustersecretstores/platform-secrets', undefined), [200]);

    try {
      await expectEachDifference();
    } finally {
      // A CRD is gone only once the server has removed its objects (its finalizer): re-created before that, it would go too.
      await gone('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodefeaturerules.nfd.k8s-sigs.io');
      // Undone by the same kind of patch: the apply below would conflict with the field's new manager.
      await expectStatus(send(live.admin, 'PATCH', '/apis/storage.k8s.io/v1/storageclasses/premium-rwo', { allowVolumeExpansion: true }, 'application/merge-patch+json'), [200]);
      await provisionPlatform();
      await expectStatus(send(live.admin, 'PATCH', '/api/v1/nodes/gpu-h100-1', { metadata: { labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } } }, 'application/merge-patch+json'), [200]);
    }
  });
});

async function expectEachDifference(): Promise<void> {
  // The profile as committed says 1.34; the control plane runs another version.
  const { findings } = await profileFindings();
  const summary = findings.map((finding) => ({ file: finding.file, line: finding.line, severity: finding.severity }));
  const expected = [
    lineOf('kubernetesVersion:'),
    lineOf('nvidia.com/gpu.product:'),
    lineOf('allowVolumeExpansion:', '- name: premium-rwo'),
    lineOf('- name: backup-retain'),
    lineOf('kind: NodeFeatureRule'),
    lineOf('storeName: platform-secrets'),
  ].map((line) => ({ file: profileFile, line, severity: 'error' }));
  expect([...summary].sort((a, b) => a.line! - b.line!)).toEqual([...expected].sort((a, b) => a.line - b.line));
  const messages = findings.map((finding) => finding.message).join('\n');
  expect(messages).toContain(`kubernetesVersion is "1.34", the cluster runs Kubernetes ${serverVersion}`);
  expect(messages).toContain('storage class backup-retain is not in the cluster');
  expect(messages).toContain('storage class premium-rwo: allowVolumeExpansion is true in the profile, false in the cluster');
  expect(messages).toContain('CRD of nfd.k8s-sigs.io NodeFeatureRule is not in the cluster');
  expect(messages).toContain('label nvidia.com/gpu.product is NVIDIA-H100-80GB-HBM3 in the profile, but gpu-h100-1 has NVIDIA-A100-SXM4-80GB');
  expect(messages).toContain('ClusterSecretStore platform-secrets is not in the cluster');
}

describe('the custom kinds the environment uses', () => {
  it('gives a kind the environment needs that the cluster does not serve (and the profile does not list) on the profile list of CRDs', async () => {
    const { findings } = await live.withEdit('base/llm/externalsecret-hf-token.yaml', 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret', 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor', () => profileFindings());
    const listed = findings.filter((finding) => finding.line === lineOf('customResourceDefinitions:'));
    expect(listed.map((finding) => [finding.severity, finding.message])).toEqual([
      [
        'error',
        "cluster profile vs cluster: the environment's objects use monitoring.coreos.com/v1 ServiceMonitor (ServiceMonitor/hf-token in overlays/prod/llm), which the profile does not list and the cluster does not serve: no CRD of the cluster defines it",
      ],
    ]);
  });
});

describe('a namespaced secret store', () => {
  it('is looked for in each namespace whose ExternalSecrets name it (a SecretStore serves its own namespace only)', async () => {
    const store = { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'platform-secrets', namespace: 'product-prod' }, spec: { provider: { fake: { data: [] } } } };
    const storeFindings = async () => (await profileFindings()).findings.filter((finding) => finding.line === lineOf('storeName: platform-secrets'));
    await live.withEdit(profileFile, 'storeKind: ClusterSecretStore', 'storeKind: SecretStore', () =>
      live.withEdit('base/llm/externalsecret-hf-token.yaml', 'kind: ClusterSecretStore', 'kind: SecretStore', async () => {
        // The ClusterSecretStore of the same name is no SecretStore.
        const missing = await storeFindings();
        expect(missing.map((finding) => [finding.severity, finding.message])).toEqual([
          ['error', 'cluster profile vs cluster: SecretStore platform-secrets is not in namespace product-prod, whose ExternalSecrets name it (a SecretStore serves its own namespace only)'],
        ]);
        await live.applyForReal(store);
        try {
          expect(await storeFindings()).toEqual([]);
        } finally {
          await send(live.admin, 'DELETE', '/apis/external-secrets.io/v1/namespaces/product-prod/secretstores/platform-secrets', undefined);
        }
      }),
    );
  });
});

describe('what the profile check may read, and what it says when it may not', () => {
  it('reads as the read-only identity: rbac/validate-readonly.yaml lets it list what the profile is compared with, and not create', async () => {
    const review = async (attributes: Record<string, string>): Promise<boolean> => {
      const answer = await send(live.readonly, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } });
      expect(answer.status, answer.body).toBe(201);
      return (JSON.parse(answer.body) as { status: { allowed: boolean } }).status.allowed;
    };
    for (const [group, resource] of [['', 'nodes'], ['storage.k8s.io', 'storageclasses'], ['networking.k8s.io', 'ingressclasses'], ['apiextensions.k8s.io', 'customresourcedefinitions'], ['external-secrets.io', 'clustersecretstores']] as const) {
      expect(await review({ verb: 'list', group, resource }), `list ${resource}`).toBe(true);
      expect(await review({ verb: 'get', group, resource }), `get ${resource}`).toBe(true);
      expect(await review({ verb: 'create', group, resource }), `create ${resource}`).toBe(false);
    }
  });

  it('says what it could not check for an identity that may not list nodes, classes or the store (the built-in view role), and checks the rest', async () => {
    const name = 'profile-view-only';
    await live.applyForReal({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'kube-system' } });
    await live.applyForReal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }],
    });
    try {
      const issued = await send(live.admin, 'POST', `/api/v1/namespaces/kube-system/serviceaccounts/${name}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } });
      expect(issued.status, issued.body).toBe(201);
      const token = (JSON.parse(issued.body) as { status: { token: string } }).status.token;
      const kubeconfig = live.writeKubeconfig('kubeconfig-view-only', live.admin.server, token);
      const run = await live.validate(['--cluster', live.context, '--kubeconfig', kubeconfig, '--format', 'json']);
      expect(run.code, run.stderr).toBeLessThan(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout + run.stderr).not.toContain(token);
      const findings = diagnosticsOf(run).filter((diagnostic) => diagnostic.ruleId === 'cluster-profile');
      const notChecked = findings.filter((finding) => finding.message.includes('not checked'));
      expect(notChecked.map((finding) => ({ line: finding.line, severity: finding.severity }))).toEqual(
        [lineOf('nodePools:'), lineOf('storeName: platform-secrets'), lineOf('ingressClassName:'), lineOf('storageClasses:')].sort((a, b) => a - b).map((line) => ({ line, severity: 'warning' })),
      );
      for (const finding of notChecked) expect(finding.message).toMatch(/not checked: GET \/\S+: HTTP 403 \(forbidden for this identity: see rbac\/validate-readonly\.yaml\)/);
      // What this identity may read is still compared: the version (the profile says 1.34).
      expect(findings.filter((finding) => !finding.message.includes('not checked')).map((finding) => finding.line)).toEqual([lineOf('kubernetesVersion:')]);
    } finally {
      await send(live.admin, 'DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`, undefined);
      await send(live.admin, 'DELETE', `/api/v1/namespaces/kube-system/serviceaccounts/${name}`, undefined);
    }
  });
});

describe('the served custom kinds', () => {
  it('are the same through aggregated discovery (one request) and group version by group version (a server without it)', async () => {
    const connection = await ClusterConnection.open({ context: live.context, kubeconfig: live.kubeconfig, timeoutMs: 10_000 });
    const read = async () => {
      const aggregated = await readServedKinds(connection, { concurrency: 4, aggregated: true });
      const legacy = await readServedKinds(connection, { concurrency: 4, aggregated: false });
      if (!aggregated.ok || !legacy.ok) throw new Error(`discovery not read: ${JSON.stringify([aggregated, legacy])}`);
      const sorted = (kinds: typeof aggregated.value) => kinds.map((kind) => ({ ...kind, served: [...kind.served].sort() })).sort((a, b) => (a.name < b.name ? -1 : 1));
      return { aggregated: aggregated.value, sortedAggregated: sorted(aggregated.value), sortedLegacy: sorted(legacy.value) };
    };
    // The server updates its aggregated document a moment after a CRD is established (the set-up just made some): read again until it has caught up.
    let answer = await read();
    for (let tries = 0; tries < 50 && JSON.stringify(answer.sortedAggregated) !== JSON.stringify(answer.sortedLegacy); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await read();
    }
    expect(answer.sortedLegacy).toEqual(answer.sortedAggregated);
    const { aggregated } = answer;
    // External Secrets' CRDs list v1beta1 with served: false: discovery leaves it out, as the API server refuses it.
    expect(aggregated.find((kind) => kind.name === 'externalsecrets.external-secrets.io')).toEqual({ name: 'externalsecrets.external-secrets.io', group: 'external-secrets.io', kind: 'ExternalSecret', plural: 'externalsecrets', scope: 'Namespaced', served: ['v1'] });
    expect(aggregated.find((kind) => kind.kind === 'ClusterIssuer')).toMatchObject({ name: 'clusterissuers.cert-manager.io', scope: 'Cluster', served: ['v1'] });
  });
});

describe('the live-mode flags', () => {
  it.each([
    [['--cluster-timeout', '0'], /--cluster-timeout "0": give seconds per request, more than 0 and at most 600/],
    [['--cluster-timeout', 'soon'], /--cluster-timeout "soon": give seconds per request/],
    [['--cluster-concurrency', '0'], /--cluster-concurrency "0": give a whole number of requests from 1 to 64/],
    [['--cluster-concurrency', '2.5'], /--cluster-concurrency "2.5": give a whole number/],
  ])('%j is a usage error (exit 2)', async (flags, message) => {
    const run = await live.validate(['--cluster', live.context, '--kubeconfig', live.kubeconfig, ...flags]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('needs --cluster', async () => {
    const run = await live.validate(['--cluster-concurrency', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--cluster-concurrency needs --cluster CONTEXT/);
  });
});
