import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCorpus, type CorpusOptions } from '../scripts/bench/corpus.ts';

type Fields = Record<string, unknown>;

/** A generated document, as far as the checks below read it (`loadAll` vouches for no shape). */
type CorpusDocument = Fields & {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    template?: { spec?: { containers?: CorpusContainer[] } };
    volumeClaimTemplates?: { spec: { resources: { requests: { storage?: unknown } } } }[];
  };
};

type CorpusContainer = Fields & { resources?: { requests?: Fields; limits?: Fields } };

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function corpus(options: CorpusOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-corpus-test-'));
  made.push(dir);
  const counts = await writeCorpus(dir, options);
  const files = await readTree(dir);
  return { counts, files };
}

/** Every file under dir, by relative path, sorted. */
async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return new Map(await Promise.all(files.map(async (file) => [file.slice(dir.length + 1), await readFile(file, 'utf8')] as const)));
}

function documents(files: Map<string, string>): CorpusDocument[] {
  return [...files.values()].flatMap((text) => loadAll(text) as CorpusDocument[]);
}

/** Independent checks for each injected mistake, so the test does not trust the generator's own counts. */
const quantity = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[mkMGTPE])?$/;
const workloadSpecKeys = [
  'replicas', 'revisionHistoryLimit', 'minReadySeconds', 'strategy', 'selector', 'template', 'serviceName',
  'persistentVolumeClaimRetentionPolicy', 'volumeClaimTemplates',
];
const knownKeys: Record<string, { path: string[]; keys: string[] }> = {
  Deployment: { path: ['spec'], keys: workloadSpecKeys },
  StatefulSet: { path: ['spec'], keys: workloadSpecKeys },
  Service: { path: ['spec'], keys: ['type', 'clusterIP', 'selector', 'ports'] },
  ConfigMap: { path: [], keys: ['apiVersion', 'kind', 'metadata', 'data'] },
  HorizontalPodAutoscaler: { path: ['spec'], keys: ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics', 'behavior'] },
  PodDisruptionBudget: { path: ['spec'], keys: ['maxUnavailable', 'selector'] },
  NetworkPolicy: { path: ['spec'], keys: ['podSelector', 'policyTypes', 'ingress', 'egress'] },
  ExternalSecret: { path: ['spec'], keys: ['refreshInterval', 'secretStoreRef', 'target', 'data'] },
  Application: { path: ['spec'], keys: ['project', 'source', 'destination', 'syncPolicy'] },
};
const containerKeys = new Set([
  'name', 'image', 'imagePullPolicy', 'ports', 'envFrom', 'env', 'resources', 'readinessProbe', 'livenessProbe',
  'startupProbe', 'securityContext', 'volumeMounts',
]);

function defectsOf(doc: CorpusDocument): string[] {
  const found: string[] = [];
  if (!doc.metadata?.name) found.push('missing-name');
  const containers = doc.spec?.template?.spec?.containers;
  if (containers) {
    const names = containers.map((container) => container.name);
    if (new Set(names).size !== names.length) found.push('duplicate-container');
    if (containers.some((container) => String(container.image).endsWith(':latest'))) found.push('latest-image');
    if (containers.some((container) => Object.keys(container).some((key) => !containerKeys.has(key)))) found.push('unknown-field');
    const quantities = [
      ...containers.flatMap((container) => Object.values({ ...container.resources?.requests, ...container.resources?.limits })),
      ...(doc.spec?.volumeClaimTemplates ?? []).map((claim) => claim.spec.resources.requests.storage),
    ];
    if (quantities.some((value) => typeof value === 'string' && !quantity.test(value))) found.push('bad-quantity');
  }
  const known = knownKeys[doc.kind];
  const parent = known?.path.reduce<Fields | undefined>((value, key) => value?.[key] as Fields | undefined, doc);
  if (known && parent && Object.keys(parent).some((key) => !known.keys.includes(key))) found.push('unknown-field');
  return found;
}

describe('writeCorpus', () => {
  it('is deterministic for a seed, and differs between seeds', async () => {
    const options = { resources: 200, seed: 7, invalidRatio: 0.05 };
    const first = await corpus(options);
    const second = await corpus(options);
    const other = await corpus({ ...options, seed: 8 });
    expect(second.counts).toEqual(first.counts);
    expect([...second.files.entries()]).toEqual([...first.files.entries()]);
    expect([...other.files.values()].join('')).not.toBe([...first.files.values()].join(''));
  });

  it('writes exactly the requested number of documents, spread over namespaces and multi-document files', async () => {
    const { counts, files } = await corpus({ resources: 200, seed: 7, invalidRatio: 0.05 });
    const docs = documents(files);
    expect(docs).toHaveLength(200);
    expect(counts.resources).toBe(200);
    expect(counts.files).toBe(files.size);
    expect(files.size).toBeGreaterThan(1);
    expect(files.size).toBeLessThan(200 / 2);
    expect(new Set(docs.map((doc) => doc.metadata?.namespace)).size).toBeGreaterThan(5);
    const kinds = new Set(docs.map((doc) => `${doc.apiVersion} ${doc.kind}`));
    for (const kind of [
      'apps/v1 Deployment', 'apps/v1 StatefulSet', 'v1 Service', 'v1 ConfigMap', 'autoscaling/v2 HorizontalPodAutoscaler',
      'networking.k8s.io/v1 NetworkPolicy', 'policy/v1 PodDisruptionBudget', 'external-secrets.io/v1 ExternalSecret',
      'argoproj.io/v1alpha1 Application',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it.each([0, 0.05, 0.2])('makes round(resources × %s) documents invalid, one defect each', async (invalidRatio) => {
    const { counts, files } = await corpus({ resources: 200, seed: 11, invalidRatio });
    const defects = documents(files).map(defectsOf);
    const expected = Math.round(200 * invalidRatio);
    expect(defects.filter((found) => found.length > 0)).toHaveLength(expected);
    expect(defects.every((found) => found.length <= 1)).toBe(true);
    expect(counts.invalid).toBe(expected);
    const byDefect: Record<string, number> = {};
    for (const found of defects.flat()) byDefect[found] = (byDefect[found] ?? 0) + 1;
    expect(byDefect).toEqual(Object.fromEntries(Object.entries(counts.byDefect).filter(([, n]) => n > 0)));
  });

  it('gives every kind of defect its share', async () => {
    const { counts } = await corpus({ resources: 1000, seed: 3, invalidRatio: 0.05 });
    expect(Object.values(counts.byDefect)).toEqual([10, 10, 10, 10, 10]);
  });
});
