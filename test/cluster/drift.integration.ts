import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../scripts/drift/index.ts';
import type { KubeObject } from '../../scripts/fidelity/baselines.ts';
import { send } from '../../scripts/fidelity/http.ts';
import { liveEnvironment, type LiveEnvironment, type RunResult } from './live-environment.ts';

const environment = 'staging';
const namespace = 'product-staging';
let live: LiveEnvironment;

/** What `--format json` prints: the report (its summary counts beside it are not read here). */
type DriftJson = DriftReport;

/** `npm run drift` (the shipped launcher) in the work copy, as the read-only identity. */
const drift = (...args: string[]): Promise<RunResult> => live.run('drift.mjs', ['--cluster', live.context, '--kubeconfig', live.kubeconfig, ...args]);

async function driftJson(): Promise<{ code: number; report: DriftJson }> {
  const run = await drift('--format', 'json');
  expect(run.code, run.stderr).toBeLessThan(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return { code: run.code, report: JSON.parse(run.stdout) as DriftJson };
}

/** A request as the admin identity that must succeed. */
async function admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<unknown> {
  const response = await send(live.admin, method, path, body, contentType);
  expect(response.status, `${method} ${path}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
  return response.body === '' ? undefined : JSON.parse(response.body);
}

/** A live object as it can be applied again: without what the server wrote. */
function applicable(object: KubeObject): KubeObject {
  const { uid: _uid, resourceVersion: _resourceVersion, creationTimestamp: _created, managedFields: _managed, generation: _generation, ...metadata } = object.metadata as Record<string, unknown>;
  const { status: _status, ...rest } = object;
  return { ...rest, metadata };
}

beforeAll(async () => {
  live = await liveEnvironment(environment);
});

afterAll(async () => {
  await live?.close();
});

const deployment = `/apis/apps/v1/namespaces/${namespace}/deployments/webapp`;
const service = `/api/v1/namespaces/${namespace}/services/webapp`;
const pdb = `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/webapp`;
const configMaps = `/api/v1/namespaces/${namespace}/configmaps`;
const application = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/staging-webapp';

describe('npm run drift against the real kube-apiserver, as the read-only identity', () => {
  it('finds no drift on the environment as a sync leaves it (exit 0), and says what it listed', async () => {
    const { code, report } = await driftJson();
    expect(report.findings).toEqual([]);
    expect(report.unchecked).toEqual([]);
    expect(code).toBe(0);
    expect(report.environment).toBe(environment);
    expect(report.namespaces).toEqual(expect.arrayContaining(['argocd', namespace]));
    expect(report.listedKinds).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'Service']));
    expect(report.applications.map((entry) => entry.name).sort()).toEqual(['staging-db', 'staging-llm', 'staging-namespace', 'staging-root', 'staging-webapp']);
  });

  it('reports exactly the live edits: an image changed by hand, a label removed, an extra ConfigMap, a tracked object deleted', async () => {
    const deletedPdb = applicable((await admin('GET', pdb)) as KubeObject);
    try {
      // kubectl edit: an update with its own field manager, which takes the field from argocd-controller.
      await admin('PATCH', `${deployment}?fieldManager=kubectl-edit`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'ghcr.io/acme-ai/chat-web:1.8.3-hotfix' }] } } } }, 'application/strategic-merge-patch+json');
      // kubectl label app.kubernetes.io/part-of-
      await admin('PATCH', `${service}?fieldManager=kubectl-label`, [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1part-of' }], 'application/json-patch+json');
      await admin('POST', `${configMaps}?fieldManager=kubectl-create`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'made-by-hand', namespace }, data: { debug: 'true' } });
      await admin('DELETE', pdb);

      const { code, report } = await driftJson();
      expect(code).toBe(1);
      const summary = report.findings.map((finding) => `${finding.type} ${finding.object.kind} ${finding.object.namespace}/${finding.object.name} ${finding.pointer ?? ''}`.trim()).sort();
      expect(summary).toEqual([
        `field Deployment ${namespace}/webapp /spec/template/spec/containers/0/image`,
        `field Service ${namespace}/webapp /metadata/labels/app.kubernetes.io~1part-of`,
        `missing PodDisruptionBudget ${namespace}/webapp`,
        `untracked ConfigMap ${namespace}/made-by-hand`,
      ]);
      const byType = (type: string, kind: string) => report.findings.find((finding) => finding.type === type && finding.object.kind === kind)!;
      expect(byType('field', 'Deployment')).toMatchObject({ application: 'staging-webapp', desired: 'ghcr.io/acme-ai/chat-web:1.8.2', live: 'ghcr.io/acme-ai/chat-web:1.8.3-hotfix' });
      expect(byType('field', 'Deployment').managers!.join(' ')).toContain('kubectl-edit');
      expect(byType('field', 'Deployment').file).toMatch(/webapp/);
      expect(byType('field', 'Deployment').line).toBeGreaterThan(0);
      expect(byType('field', 'Service')).toMatchObject({ application: 'staging-webapp', desired: 'llm-product' });
      expect(byType('field', 'Service').live).toBeUndefined();
      expect(byType('field', 'Service').file).toMatch(/webapp/);
      expect(byType('missing', 'PodDisruptionBudget')).toMatchObject({ application: 'staging-webapp' });
      expect(byType('untracked', 'ConfigMap')).toMatchObject({ application: null });

      for (const format of ['stylish', 'markdown']) {
        const run = await drift('--format', format);
        expect(run.code, run.stderr).toBe(1);
        for (const text of ['changed', 'missing', 'untracked', `Deployment ${namespace}/webapp`, `Service ${namespace}/webapp`, `PodDisruptionBudget ${namespace}/webapp`, `ConfigMap ${namespace}/made-by-hand`, '1.8.3-hotfix']) {
          expect(run.stdout, `${format}: ${text}`).toContain(text);
        }
      }
    } finally {
      // Back to the synced state, so that the other files see a clean cluster.
      await send(live.admin, 'PATCH', `${deployment}?fieldManager=kubectl-edit`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'ghcr.io/acme-ai/chat-web:1.8.2' }] } } } }, 'application/strategic-merge-patch+json');
      await send(live.admin, 'PATCH', `${service}?fieldManager=kubectl-label`, { metadata: { labels: { 'app.kubernetes.io/part-of': 'llm-product' } } }, 'application/merge-patch+json');
      await send(live.admin, 'DELETE', `${configMaps}/made-by-hand`, undefined);
      await live.applyForReal(deletedPdb);
    }
    expect((await driftJson()).report.findings).toEqual([]);
  });

  it('lists Secrets by their metadata only: a Secret made by hand is untracked, and no output holds its value', async () => {
    const value = 's3cr3t-value';
    await admin('POST', `/api/v1/namespaces/${namespace}/secrets?fieldManager=kubectl-create`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'made-by-hand-secret', namespace }, stringData: { token: value } });
    try {
      const { code, report } = await driftJson();
      expect(code).toBe(1);
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({ type: 'untracked', application: null, object: { kind: 'Secret', namespace, name: 'made-by-hand-secret' } });
      for (const format of ['json', 'stylish', 'markdown']) {
        const run = await drift('--format', format);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout, format).toContain('made-by-hand-secret');
        for (const secret of [value, Buffer.from(value).toString('base64')]) expect(run.stdout + run.stderr, format).not.toContain(secret);
      }
    } finally {
      await send(live.admin, 'DELETE', `/api/v1/namespaces/${namespace}/secrets/made-by-hand-secret`, undefined);
    }
  });

  it('reports an object an Application tracks that Git no longer has as pruned by the next sync', async () => {
    const { code, report } = await live.withEdit('base/webapp/kustomization.yaml', /\n {2}- pdb\.yaml\n/, '\n', driftJson);
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ type: 'pruned', application: 'staging-webapp', object: { kind: 'PodDisruptionBudget', namespace, name: 'webapp' } });
    // staging-webapp syncs automatically with prune: the next sync deletes it.
    expect(report.findings[0]!.message).toMatch(/next automated sync of staging-webapp \(prune enabled\) deletes it/);
    const stylish = await live.withEdit('base/webapp/kustomization.yaml', /\n {2}- pdb\.yaml\n/, '\n', () => drift());
    expect(stylish.stdout).toContain('pruned-next-sync');
    expect(stylish.stdout).toContain(`PodDisruptionBudget ${namespace}/webapp`);
  });

  it('says an object that carries Prune=false is not deleted by the sync, though Git no longer has it', async () => {
    const annotation = { metadata: { annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } } };
    await admin('PATCH', `${pdb}?fieldManager=kubectl-annotate`, annotation, 'application/merge-patch+json');
    try {
      const { report } = await live.withEdit('base/webapp/kustomization.yaml', /\n {2}- pdb\.yaml\n/, '\n', driftJson);
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({ type: 'pruned', application: 'staging-webapp', object: { kind: 'PodDisruptionBudget', name: 'webapp' } });
      expect(report.findings[0]!.message).toMatch(/Prune=false, so no sync of staging-webapp deletes it/);
      // An annotation Git does not declare is no field drift while Git still has the object.
      expect((await driftJson()).report.findings).toEqual([]);
    } finally {
      await send(live.admin, 'PATCH', `${pdb}?fieldManager=kubectl-annotate`, { metadata: { annotations: { 'argocd.argoproj.io/sync-options': null } } }, 'application/merge-patch+json');
    }
  });

  it("reports each Application's sync, health and last operation as the cluster has them", async () => {
    const before = await driftJson();
    const untouched = before.report.applications.find((entry) => entry.name === 'staging-webapp')!;
    expect(untouched).toMatchObject({ present: true, operation: null });
    // Argo CD's Application CRD has no status subresource: the status is written through the object itself.
    const status = {
      sync: { status: 'OutOfSync', revision: '0123456789abcdef0123456789abcdef01234567' },
      health: { status: 'Degraded' },
      operationState: { operation: { sync: { revision: '0123456789abcdef0123456789abcdef01234567' } }, phase: 'Failed', startedAt: '2026-12-04T00:00:00Z', finishedAt: '2026-12-04T00:01:00Z', message: 'one or more objects failed to apply' },
    };
    await admin('PATCH', application, { status }, 'application/merge-patch+json');
    try {
      const { report } = await driftJson();
      expect(report.applications.find((entry) => entry.name === 'staging-webapp')).toMatchObject({
        present: true,
        sync: 'OutOfSync',
        health: 'Degraded',
        operation: { phase: 'Failed', finishedAt: '2026-12-04T00:01:00Z', message: 'one or more objects failed to apply' },
      });
      for (const format of ['stylish', 'markdown']) {
        const run = await drift('--format', format);
        for (const text of ['staging-webapp', 'OutOfSync', 'Degraded', 'Failed', 'one or more objects failed to apply']) expect(run.stdout, `${format}: ${text}`).toContain(text);
      }
    } finally {
      await send(live.admin, 'PATCH', application, { status: null }, 'application/merge-patch+json');
    }
  });

  it('says an unknown context or an unreachable server is a usage error (exit 2), in one line, without a token', async () => {
    const unknown = await live.run('drift.mjs', ['--cluster', 'nope', '--kubeconfig', live.kubeconfig]);
    live.expectUsageError(unknown, /--cluster nope: no such context in .*\(it has acme-staging-readonly\)/);
    const file = live.writeKubeconfig('kubeconfig-closed-port', 'https://127.0.0.1:1', live.readonly.token);
    const closed = await live.run('drift.mjs', ['--cluster', live.context, '--kubeconfig', file, '--format', 'json']);
    live.expectUsageError(closed, /--cluster acme-staging-readonly: cannot reach https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
    const token = live.writeKubeconfig('kubeconfig-bad-token', live.admin.server, 'not-a-token');
    live.expectUsageError(await live.run('drift.mjs', ['--cluster', live.context, '--kubeconfig', token]), /refused the credentials \(401 Unauthorized/);
  });

  it('needs --cluster, and says so with exit 2', async () => {
    const run = await live.run('drift.mjs', []);
    live.expectUsageError(run, /--cluster CONTEXT/);
  });
});
