import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../scripts/fidelity/baselines.ts';
import { send } from '../../scripts/fidelity/http.ts';
import { diagnosticsOf, liveEnvironment, type JsonDiagnostic, type LiveEnvironment, type RunResult } from './live-environment.ts';

// prod: the drift (staging) and dev files would count the claims made here; the profile file, on prod too, reads no claims.
const environment = 'prod';
const namespace = 'product-prod';
let live: LiveEnvironment;


/** A claim in prod's namespace, applied for real by the admin identity under Argo CD's field manager. */
function claim(name: string, annotations: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, annotations },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

const made: string[] = [];

async function makeClaim(name: string, annotations: Record<string, string>): Promise<void> {
  made.push(name);
  await live.applyForReal(claim(name, annotations));
}

/** Deletes a claim made here; no controller-manager runs, so its pvc-protection finalizer is removed by hand. */
async function removeClaim(name: string): Promise<void> {
  const path = `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${name}`;
  await send(live.admin, 'DELETE', path, undefined);
  await send(live.admin, 'PATCH', path, { metadata: { finalizers: null } }, 'application/merge-patch+json');
}

async function liveRun(): Promise<RunResult> {
  return live.validate(['--cluster', live.context, '--kubeconfig', live.kubeconfig, '--verbose', '--format', 'json']);
}

/** The findings of the base-aware Argo CD rules in a run. */
function baseAware(run: RunResult): JsonDiagnostic[] {
  expect(run.code, run.stderr).toBeLessThan(2);
  return diagnosticsOf(run).filter((diagnostic) => diagnostic.ruleId === 'argocd-prune' || diagnostic.ruleId === 'argocd-immutable-field');
}

beforeAll(async () => {
  live = await liveEnvironment(environment);
});

afterAll(async () => {
  if (live !== undefined) for (const name of made) await removeClaim(name);
  await live?.close();
});

describe('--cluster: the live objects are the base of the base-aware Argo CD rules (no --base), as the read-only identity', () => {
  it('finds no immutable-field change and no prune on the state the cluster has', async () => {
    const run = await liveRun();
    expect(baseAware(run)).toEqual([]);
    expect(run.stderr).toMatch(/cluster: the base of prod's base-aware rules is the cluster: \d+ live objects/);
    for (const token of [live.readonly.token, live.admin.token]) expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('reports the data an Application tracks that Git no longer renders, which its next sync prunes', async () => {
    // What an earlier revision of overlays/prod/llm deployed: Argo CD applied it and wrote its tracking id.
    await makeClaim('llm-scratch', { 'argocd.argoproj.io/tracking-id': `prod-llm:/PersistentVolumeClaim:${namespace}/llm-scratch` });
    // Not prod-llm's: no tracking id; a tracking id that names another object (copied, so not tracked); Prune=false.
    await makeClaim('hand-made', {});
    await makeClaim('copied-annotation', { 'argocd.argoproj.io/tracking-id': `prod-llm:/PersistentVolumeClaim:${namespace}/llm-scratch` });
    await makeClaim('kept', { 'argocd.argoproj.io/tracking-id': `prod-llm:/PersistentVolumeClaim:${namespace}/kept`, 'argocd.argoproj.io/sync-options': 'Prune=false' });

    const findings = baseAware(await liveRun());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'argocd-prune', severity: 'error', file: 'apps/prod/llm.yaml', object: { kind: 'Application', name: 'prod-llm' } });
    expect(findings[0]!.message).toContain(`Application prod-llm prunes PersistentVolumeClaim ${namespace}/llm-scratch at its next sync`);

    // Offline (and with no --base) there is no base: nothing to compare with.
    expect(baseAware(await live.validate(['--format', 'json']))).toEqual([]);
  });
});
