import { readFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../../scripts/fidelity/http.ts';
import { liveEnvironment, type LiveEnvironment } from './live-environment.ts';

const environment = 'dev';
let live: LiveEnvironment;

interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  object: { kind: string; name: string; namespace?: string } | null;
}

/** The server-dry-run findings of a run against the cluster as the read-only identity. */
async function dryRunFindings(): Promise<JsonDiagnostic[]> {
  const run = await live.validate(['--cluster', live.context, '--kubeconfig', live.kubeconfig, '--server-dry-run', '--format', 'json']);
  expect(run.code, run.stderr).toBeLessThan(2);
  return (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'server-dry-run');
}

/** A usage error: exit 2, the one line on stderr, no stack trace, no token. */
function expectUsageError(run: { code: number; stderr: string }, line: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(line);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain(live.readonly.token);
  expect(run.stderr).not.toContain(live.admin.token);
}

beforeAll(async () => {
  live = await liveEnvironment(environment);
});

afterAll(async () => {
  await live?.close();
});

describe('--cluster --server-dry-run against the real kube-apiserver, as the read-only identity', () => {
  it('finds nothing on the desired state the cluster already has', async () => {
    expect(await dryRunFindings()).toEqual([]);
  });

  it('gives the server refusal of a StatefulSet volumeClaimTemplates change, at the patch that makes it', async () => {
    const findings = await live.withEdit('overlays/dev/db/kustomization.yaml', /(requests\/storage\n\s+value: )10Gi/, '$120Gi', dryRunFindings);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'StatefulSet', name: 'db' } });
    expect(findings[0]!.message).toMatch(/HTTP 422 Invalid.*spec: Forbidden: updates to statefulset spec for fields other than/);
    // The server names spec; the live object says which field of it changed, set by the dev overlay's patch.
    expect(findings[0]).toMatchObject({ file: 'overlays/dev/db/kustomization.yaml' });
    const lines = readFileSync(path.join(live.work, 'overlays/dev/db/kustomization.yaml'), 'utf8').split('\n');
    expect(lines.slice(findings[0]!.line! - 2, findings[0]!.line).join('\n')).toMatch(/requests\/storage[\s\S]*10Gi|value: 10Gi/);
  });

  it('gives the server refusal of a Deployment selector change, at the selector', async () => {
    const findings = await live.withEdit(
      'base/webapp/deployment.yaml',
      /(matchLabels:\n\s+app.kubernetes.io\/name: webapp\n)([\s\S]*?labels:\n\s+app.kubernetes.io\/name: webapp\n)/,
      '$1      tier: web\n$2        tier: web\n',
      dryRunFindings,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'Deployment', name: 'webapp' }, file: 'base/webapp/deployment.yaml' });
    expect(findings[0]!.message).toMatch(/spec\.selector: Invalid value: .*field is immutable/);
    const lines = readFileSync(path.join(live.work, 'base/webapp/deployment.yaml'), 'utf8').split('\n');
    expect(lines[findings[0]!.line! - 1]).toMatch(/selector:|matchLabels:/);
  });

  it('gives the server refusal of a PersistentVolumeClaim shrink', async () => {
    const findings = await live.withEdit('overlays/dev/llm/kustomization.yaml', /(requests:\n\s+storage: )50Gi/, '$120Gi', dryRunFindings);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'PersistentVolumeClaim', name: 'llm-model-cache' } });
    expect(findings[0]!.message).toMatch(/HTTP 422 Invalid.*Forbidden/);
    expect(findings[0]).toMatchObject({ file: 'overlays/dev/llm/kustomization.yaml' });
    const lines = readFileSync(path.join(live.work, 'overlays/dev/llm/kustomization.yaml'), 'utf8').split('\n');
    expect(lines[findings[0]!.line! - 1]).toMatch(/storage: 50Gi/);
  });

  it('cannot write with the read-only identity: the server refuses a create and a delete', async () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'written-by-validate', namespace: 'default' }, data: { a: 'b' } };
    const create = await send(live.readonly, 'POST', '/api/v1/namespaces/default/configmaps', configMap);
    expect(create.status, create.body).toBe(403);
    expect(create.body).toContain('cannot create resource');
    const remove = await send(live.readonly, 'DELETE', '/api/v1/namespaces/product-dev/services/webapp', undefined);
    expect(remove.status, remove.body).toBe(403);
    expect(remove.body).toContain('cannot delete resource');
  });

  it('says an unknown context is a usage error (exit 2), in one line, naming the context', async () => {
    const run = await live.validate(['--cluster', 'nope', '--kubeconfig', live.kubeconfig, '--server-dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('validate: --cluster nope: no such context in');
    expect(run.stderr).toContain('(it has acme-dev-readonly)');
    expect(run.stderr).not.toContain(live.readonly.token);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says refused credentials are a usage error (401), naming the context', async () => {
    const file = live.writeKubeconfig('kubeconfig-bad-token', live.admin.server, 'not-a-token');
    expectUsageError(await live.validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run']), /validate: --cluster acme-dev-readonly: https:\/\/127\.0\.0\.1:\d+ refused the credentials \(401 Unauthorized/);
  });

  it('says an unreachable server is a usage error, naming the context and the server', async () => {
    const file = live.writeKubeconfig('kubeconfig-closed-port', 'https://127.0.0.1:1', live.readonly.token);
    expectUsageError(await live.validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run']), /validate: --cluster acme-dev-readonly: cannot reach https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
  });

  it('says an identity that may read but not patch is a usage error (403), pointing at the ClusterRole', async () => {
    const run = await live.validate(['--cluster', 'control-plane-viewer', '--kubeconfig', live.adminKubeconfig, '--environment', environment, '--server-dry-run']);
    expectUsageError(run, /validate: --cluster control-plane-viewer: the identity may not dry-run .* \(403 Forbidden: .*cannot patch resource.*rbac\/validate-readonly\.yaml/);
  });

  it('needs a context that maps to an environment, and --cluster for the live flags', async () => {
    expectUsageError(
      await live.validate(['--cluster', 'control-plane-admin', '--kubeconfig', live.adminKubeconfig, '--server-dry-run']),
      /validate: --cluster control-plane-admin: its cluster control-plane is no cluster profile's name \(dev: acme-dev, .*\); name the environment with --environment/,
    );
    expectUsageError(await live.validate(['--server-dry-run']), /validate: --server-dry-run needs --cluster CONTEXT/);
  });

  it('says which objects it could not check when the connection is lost after it connected', async () => {
    // A loopback relay to the API server (TLS passes through untouched) that lets the first
    // connection through (client-node's agent opens one per request: the /version probe) and
    // resets every later one, as a server that goes away midway.
    const upstream = new URL(live.admin.server);
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
      const file = live.writeKubeconfig('kubeconfig-relay', `https://127.0.0.1:${(relay.address() as AddressInfo).port}`, live.readonly.token);
      const run = await live.validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run', '--format', 'json']);
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
