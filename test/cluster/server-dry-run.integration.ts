import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../../scripts/fidelity/http.ts';
import { diagnosticsOf, liveEnvironment, throughRelayThatFailsAfterFirst, type JsonDiagnostic, type LiveEnvironment } from './live-environment.ts';

const environment = 'dev';
let live: LiveEnvironment;


/** The server-dry-run findings of a run against the cluster as the read-only identity. */
async function dryRunFindings(): Promise<JsonDiagnostic[]> {
  const run = await live.validate(['--cluster', live.context, '--kubeconfig', live.kubeconfig, '--server-dry-run', '--format', 'json']);
  expect(run.code, run.stderr).toBeLessThan(2);
  return diagnosticsOf(run).filter((diagnostic) => diagnostic.ruleId === 'server-dry-run');
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
    live.expectUsageError(await live.validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run']), /validate: --cluster acme-dev-readonly: https:\/\/127\.0\.0\.1:\d+ refused the credentials \(401 Unauthorized/);
  });

  it('says an unreachable server is a usage error, naming the context and the server', async () => {
    const file = live.writeKubeconfig('kubeconfig-closed-port', 'https://127.0.0.1:1', live.readonly.token);
    live.expectUsageError(await live.validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run']), /validate: --cluster acme-dev-readonly: cannot reach https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
  });

  it('says an identity that may read but not patch is a usage error (403), pointing at the ClusterRole', async () => {
    const run = await live.validate(['--cluster', 'control-plane-viewer', '--kubeconfig', live.adminKubeconfig, '--environment', environment, '--server-dry-run']);
    live.expectUsageError(run, /validate: --cluster control-plane-viewer: the identity may not dry-run .* \(403 Forbidden: .*cannot patch resource.*rbac\/validate-readonly\.yaml/);
  });

  it('needs a context that maps to an environment, and --cluster for the live flags', async () => {
    live.expectUsageError(
      await live.validate(['--cluster', 'control-plane-admin', '--kubeconfig', live.adminKubeconfig, '--server-dry-run']),
      /validate: --cluster control-plane-admin: its cluster control-plane is no cluster profile's name \(dev: acme-dev, .*\); name the environment with --environment/,
    );
    live.expectUsageError(await live.validate(['--server-dry-run']), /validate: --server-dry-run needs --cluster CONTEXT/);
  });

  it('says which objects it could not check when the connection is lost after it connected', async () => {
    // The server goes away after the /version probe.
    await throughRelayThatFailsAfterFirst(live.admin.server, async (address) => {
      const file = live.writeKubeconfig('kubeconfig-relay', address, live.readonly.token);
      const run = await live.validate(['--cluster', 'acme-dev-readonly', '--kubeconfig', file, '--server-dry-run', '--format', 'json']);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const findings = diagnosticsOf(run).filter((diagnostic) => diagnostic.ruleId === 'server-dry-run');
      expect(findings.length).toBeGreaterThan(10);
      for (const finding of findings) {
        expect(finding).toMatchObject({ severity: 'warning' });
        expect(finding.message).toMatch(/^not checked by the server-side dry-run: discovery of \S+ got no answer \(ECONNRESET \(connection lost\)\)$/);
        expect(finding.file).toBeDefined();
        expect(finding.line).toBeGreaterThan(0);
      }
      expect(findings.map((finding) => finding.object?.kind)).toEqual(expect.arrayContaining(['Deployment', 'StatefulSet', 'PersistentVolumeClaim']));
    });
  });
});
