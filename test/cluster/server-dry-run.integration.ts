/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   Manifests are read field by field (KubeObject): deliberately untyped. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTarget } from '../../scripts/control-plane/api-request.ts';
import { startControlPlane, stopControlPlane } from '../../scripts/control-plane/lifecycle.ts';
import { ApiResources } from '../../scripts/fidelity/api-resources.ts';
import { apiTargetFromKubeconfig } from '../../scripts/fidelity/api-target.ts';
import type { KubeObject } from '../../scripts/fidelity/baselines.ts';
import { installCrds, readCrdFile, sharedCrdFiles } from '../../scripts/fidelity/crds.ts';
import { desiredState } from '../../scripts/fidelity/desired-state.ts';
import { ensureNamespace, serverSideApply } from '../../scripts/fidelity/dry-run.ts';
import { send } from '../../scripts/fidelity/http.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const environment = 'dev';
let startedHere = false;
let work: string;
let kubeconfig: string;
let adminKubeconfig: string;
let admin: ApiTarget;
let readonly: ApiTarget;

interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  object: { kind: string; name: string; namespace?: string } | null;
}

function validate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [path.join(repoRoot, 'scripts/validate.mjs'), ...args], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolveRun({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** The server-dry-run findings of a run against the cluster as the read-only identity. */
async function dryRunFindings(): Promise<JsonDiagnostic[]> {
  const run = await validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', kubeconfig, '--server-dry-run', '--format', 'json']);
  expect(run.code, run.stderr).toBeLessThan(2);
  return (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'server-dry-run');
}

/** Edits one repository file of the copy for the duration of fn. */
async function withEdit<T>(file: string, from: string | RegExp, to: string, fn: () => Promise<T>): Promise<T> {
  const absolute = path.join(work, file);
  const before = readFileSync(absolute, 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  writeFileSync(absolute, after);
  try {
    return await fn();
  } finally {
    writeFileSync(absolute, before);
  }
}

/** A kubeconfig with one context, acme-dev-readonly, whose cluster is named as the dev profile is (acme-dev). */
function writeKubeconfig(name: string, server: string, token: string): string {
  const file = path.join(work, name);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'acme-dev', cluster: { server, 'certificate-authority-data': Buffer.from(admin.ca).toString('base64') } }],
      users: [{ name: 'gitops-validate', user: { token } }],
      contexts: [{ name: 'acme-dev-readonly', context: { cluster: 'acme-dev', user: 'gitops-validate' } }],
      'current-context': 'acme-dev-readonly',
    }),
  );
  return file;
}

/** A usage error: exit 2, the one line on stderr, no stack trace, no token. */
function expectUsageError(run: { code: number; stderr: string }, line: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(line);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain(readonly.token);
  expect(run.stderr).not.toContain(admin.token);
}

async function applyForReal(target: ApiTarget, resources: ApiResources, object: KubeObject): Promise<void> {
  const verdict = await serverSideApply(target, resources, object, { dryRun: false });
  if (!verdict.accepted) throw new Error(`${String(object.kind)} ${String(object.metadata?.name)}: HTTP ${verdict.status} ${verdict.message.slice(0, 300)}`);
}

beforeAll(async () => {
  const started = await startControlPlane();
  startedHere = started.started;
  admin = apiTargetFromKubeconfig(started.state.kubeconfig);
  adminKubeconfig = started.state.kubeconfig;
  work = mkdtempSync(path.join(tmpdir(), 'cluster-dry-run-'));
  for (const entry of ['base', 'overlays', 'apps', 'clusters', 'schemas', 'validate.config.yaml']) cpSync(path.join(repoRoot, entry), path.join(work, entry), { recursive: true });

  // The CRDs Argo CD and External Secrets install, then the environment's desired state, applied
  // for real by the admin identity (server-side, with Argo CD's field manager), as a sync leaves it.
  const resources = new ApiResources(admin);
  await resources.refresh();
  await installCrds(admin, resources, sharedCrdFiles(sharedDir).flatMap(readCrdFile));
  const { objects } = await desiredState(work, environment);
  const first = objects.filter(({ object }) => object.kind === 'Namespace' || object.kind === 'CustomResourceDefinition');
  for (const { object } of first) await applyForReal(admin, resources, object);
  await resources.refresh();
  const declared = new Set(first.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => String(object.metadata.name)));
  for (const { object } of objects) {
    const namespace: unknown = object.metadata?.namespace;
    if (typeof namespace === 'string' && !declared.has(namespace) && resources.lookup(object.apiVersion, object.kind)?.namespaced) {
      declared.add(namespace);
      await ensureNamespace(admin, namespace);
    }
  }
  for (const { object } of objects.filter((entry) => !first.includes(entry))) await applyForReal(admin, resources, object);

  // The read-only identity of rbac/validate-readonly.yaml, and a token for it (TokenRequest).
  for (const document of parseAllDocuments(readFileSync(path.join(repoRoot, 'rbac/validate-readonly.yaml'), 'utf8'))) {
    await applyForReal(admin, resources, document.toJS() as KubeObject);
  }
  const tokenRequest = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } };
  const issued = await send(admin, 'POST', '/api/v1/namespaces/kube-system/serviceaccounts/gitops-validate/token', tokenRequest);
  expect(issued.status, issued.body).toBe(201);
  readonly = { ...admin, token: (JSON.parse(issued.body) as { status: { token: string } }).status.token };
  // Its cluster is named as the dev profile is (acme-dev): the context maps to dev by name.
  kubeconfig = writeKubeconfig('kubeconfig', admin.server, readonly.token);
});

afterAll(async () => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
  if (startedHere) await stopControlPlane();
});

describe('--cluster --server-dry-run against the real kube-apiserver, as the read-only identity', () => {
  it('finds nothing on the desired state the cluster already has', async () => {
    expect(await dryRunFindings()).toEqual([]);
  });

  it('gives the server refusal of a StatefulSet volumeClaimTemplates change, at the patch that makes it', async () => {
    const findings = await withEdit('overlays/dev/db/kustomization.yaml', /(requests\/storage\n\s+value: )10Gi/, '$120Gi', dryRunFindings);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'StatefulSet', name: 'db' } });
    expect(findings[0]!.message).toMatch(/HTTP 422 Invalid.*spec: Forbidden: updates to statefulset spec for fields other than/);
    // The server names spec; the live object says which field of it changed, set by the dev overlay's patch.
    expect(findings[0]).toMatchObject({ file: 'overlays/dev/db/kustomization.yaml' });
    const lines = readFileSync(path.join(work, 'overlays/dev/db/kustomization.yaml'), 'utf8').split('\n');
    expect(lines.slice(findings[0]!.line! - 2, findings[0]!.line).join('\n')).toMatch(/requests\/storage[\s\S]*10Gi|value: 10Gi/);
  });

  it('gives the server refusal of a Deployment selector change, at the selector', async () => {
    const findings = await withEdit(
      'base/webapp/deployment.yaml',
      /(matchLabels:\n\s+app.kubernetes.io\/name: webapp\n)([\s\S]*?labels:\n\s+app.kubernetes.io\/name: webapp\n)/,
      '$1      tier: web\n$2        tier: web\n',
      dryRunFindings,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'Deployment', name: 'webapp' }, file: 'base/webapp/deployment.yaml' });
    expect(findings[0]!.message).toMatch(/spec\.selector: Invalid value: .*field is immutable/);
    const lines = readFileSync(path.join(work, 'base/webapp/deployment.yaml'), 'utf8').split('\n');
    expect(lines[findings[0]!.line! - 1]).toMatch(/selector:|matchLabels:/);
  });

  it('gives the server refusal of a PersistentVolumeClaim shrink', async () => {
    const findings = await withEdit('overlays/dev/llm/kustomization.yaml', /(requests:\n\s+storage: )50Gi/, '$120Gi', dryRunFindings);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'PersistentVolumeClaim', name: 'llm-model-cache' } });
    expect(findings[0]!.message).toMatch(/HTTP 422 Invalid.*Forbidden/);
    expect(findings[0]).toMatchObject({ file: 'overlays/dev/llm/kustomization.yaml' });
    const lines = readFileSync(path.join(work, 'overlays/dev/llm/kustomization.yaml'), 'utf8').split('\n');
    expect(lines[findings[0]!.line! - 1]).toMatch(/storage: 50Gi/);
  });

  it('cannot write with the read-only identity: the server refuses a create and a delete', async () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'written-by-validate', namespace: 'default' }, data: { a: 'b' } };
    const create = await send(readonly, 'POST', '/api/v1/namespaces/default/configmaps', configMap);
    expect(create.status, create.body).toBe(403);
    expect(create.body).toContain('cannot create resource');
    const remove = await send(readonly, 'DELETE', '/api/v1/namespaces/product-dev/services/webapp', undefined);
    expect(remove.status, remove.body).toBe(403);
    expect(remove.body).toContain('cannot delete resource');
  });

  it('says an unknown context is a usage error (exit 2), in one line, naming the context', async () => {
    const run = await validate(['--cluster', 'nope', '--kubeconfig', kubeconfig, '--server-dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('validate: --cluster nope: no such context in');
    expect(run.stderr).toContain('(it has acme-dev-readonly)');
    expect(run.stderr).not.toContain(readonly.token);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says refused credentials are a usage error (401), naming the context', async () => {
    const file = writeKubeconfig('kubeconfig-bad-token', admin.server, 'not-a-token');
    expectUsageError(await validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run']), /validate: --cluster acme-dev-readonly: https:\/\/127\.0\.0\.1:\d+ refused the credentials \(401 Unauthorized/);
  });

  it('says an unreachable server is a usage error, naming the context and the server', async () => {
    const file = writeKubeconfig('kubeconfig-closed-port', 'https://127.0.0.1:1', readonly.token);
    expectUsageError(await validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run']), /validate: --cluster acme-dev-readonly: cannot reach https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
  });

  it('says an identity that may read but not patch is a usage error (403), pointing at the ClusterRole', async () => {
    const run = await validate(['--cluster', 'control-plane-viewer', '--kubeconfig', adminKubeconfig, '--environment', environment, '--server-dry-run']);
    expectUsageError(run, /validate: --cluster control-plane-viewer: the identity may not dry-run .* \(403 Forbidden: .*cannot patch resource.*rbac\/validate-readonly\.yaml/);
  });

  it('needs a context that maps to an environment, and --cluster for the live flags', async () => {
    expectUsageError(
      await validate(['--cluster', 'control-plane-admin', '--kubeconfig', adminKubeconfig, '--server-dry-run']),
      /validate: --cluster control-plane-admin: its cluster control-plane is no cluster profile's name \(dev: acme-dev, .*\); name the environment with --environment/,
    );
    expectUsageError(await validate(['--server-dry-run']), /validate: --server-dry-run needs --cluster CONTEXT/);
  });

  it('says which objects it could not check when the connection is lost after it connected', async () => {
    // A loopback relay to the API server (TLS passes through untouched) that lets the first
    // connection through (client-node's agent opens one per request: the /version probe) and
    // resets every later one, as a server that goes away midway.
    const upstream = new URL(admin.server);
    let connections = 0;
    const relay = createServer((socket) => {
      if (connections++ > 0) {
        socket.resetAndDestroy();
        return;
      }
      const server = createConnection(Number(upstream.port), upstream.hostname);
      socket.pipe(server).pipe(socket);
      server.on('error', () => socket.destroy());
      socket.on('error', () => server.destroy());
    });
    await new Promise<void>((listening) => relay.listen(0, '127.0.0.1', listening));
    try {
      const file = writeKubeconfig('kubeconfig-relay', `https://127.0.0.1:${(relay.address() as AddressInfo).port}`, readonly.token);
      const run = await validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run', '--format', 'json']);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const findings = (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'server-dry-run');
      expect(findings.length).toBeGreaterThan(10);
      for (const finding of findings) {
        expect(finding).toMatchObject({ severity: 'warning' });
        expect(finding.message).toMatch(/^not checked by the server-side dry-run: discovery of \S+ got no answer \(ECONNRESET \(connection lost\)\)$/);
        expect(finding.file).toBeDefined();
        expect(finding.line).toBeGreaterThan(0);
      }
      expect(findings.map((finding) => finding.object?.kind)).toEqual(expect.arrayContaining(['Deployment', 'StatefulSet', 'PersistentVolumeClaim']));
    } finally {
      relay.close();
    }
  });
});
