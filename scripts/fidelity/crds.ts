/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   Manifests are edited and read field by field at any depth (KubeObject): deliberately untyped. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ApiTarget } from '../control-plane/api-request.ts';
import type { ApiResources } from './api-resources.ts';
import type { KubeObject } from './baselines.ts';
import { serverSideApply } from './dry-run.ts';
import { getJson } from './http.ts';

/** The bundled CRD sets (the shared data the schemas are generated from). */
const sharedCrdDirs = ['argocd-crds', 'external-secrets-crds'];

export function readCrdFile(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => document.toJS() as unknown)
    .filter((value): value is KubeObject => value !== null && typeof value === 'object' && (value as KubeObject).kind === 'CustomResourceDefinition');
}

export function sharedCrdFiles(sharedDir: string): string[] {
  return sharedCrdDirs.flatMap((dir) =>
    readdirSync(join(sharedDir, dir))
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(sharedDir, dir, name)),
  );
}

interface CrdStatus {
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

/**
 * Applies each CRD for real (server-side apply, as Argo CD syncs one) and waits until the API
 * server reports it Established (gitops-engine's ensureCRDReady polls the same condition), then
 * reads discovery again so that the new kinds resolve.
 */
export async function installCrds(target: ApiTarget, resources: ApiResources, crds: readonly KubeObject[], timeoutMs = 60_000): Promise<void> {
  for (const crd of crds) {
    const verdict = await serverSideApply(target, resources, crd, { dryRun: false });
    if (!verdict.accepted) throw new Error(`CRD ${String(crd.metadata?.name)} was refused: HTTP ${verdict.status} ${verdict.message.slice(0, 400)}`);
  }
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    const name = String(crd.metadata.name);
    for (;;) {
      const current = await getJson<CrdStatus>(target, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      const conditions = current.status?.conditions ?? [];
      if (conditions.some((condition) => condition.type === 'Established' && condition.status === 'True')) break;
      if (Date.now() > deadline) {
        const why = conditions.map((condition) => `${condition.type}=${condition.status} ${condition.message ?? ''}`).join('; ');
        throw new Error(`CRD ${name} not Established after ${timeoutMs / 1000} s (${why || 'no conditions'})`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }
  await resources.refresh();
}
