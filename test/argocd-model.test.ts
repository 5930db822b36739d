import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelCluster, projectDecision, type ClusterModel, type RenderFunction } from '../scripts/argocd/index.ts';
import { plainKustomizeRenderer } from './helpers/plain-kustomize-render.ts';
import type { KubeObject } from '../scripts/core/manifest.ts';
import { topologyMarkdown } from '../scripts/argocd/explain.ts';

const repoRoot = path.join(import.meta.dirname, '..');
const environments = ['dev', 'staging', 'prod'];
let render: RenderFunction;
const models = new Map<string, ClusterModel>();

beforeAll(async () => {
  render = await plainKustomizeRenderer(repoRoot);
  for (const environment of environments) models.set(environment, await modelCluster({ repoRoot, environment, render }));
}, 120_000);

function model(environment: string): ClusterModel {
  const found = models.get(environment);
  if (found === undefined) throw new Error(`no model for ${environment}`);
  return found;
}

function projectOf(m: ClusterModel, name: string): KubeObject | undefined {
  return m.projects.find((project) => project.metadata.name === name);
}

describe('Argo CD model of the repository', () => {
  it.each(environments)('%s: one root, four Applications in waves 0..3, object counts as the overlays render', async (environment) => {
    const m = model(environment);
    expect(m.root.map((app) => app.name)).toEqual([`${environment}-root`]);
    expect(m.applications.map((app) => [app.name, app.wave]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      [`${environment}-namespace`, 0],
      [`${environment}-db`, 1],
      [`${environment}-llm`, 2],
      [`${environment}-webapp`, 3],
    ]);
    for (const app of m.applications) {
      const direct = await render(path.join(repoRoot, 'overlays', environment, app.name.slice(environment.length + 1)));
      expect(app.failures).toEqual([]);
      expect(app.objects.length).toBe(direct.objects.length);
      expect(app.objects.every((entry) => entry.key.kind !== 'Namespace' ? entry.key.namespace === `product-${environment}` : entry.key.namespace === '')).toBe(true);
      expect(app.declaredIn).toBe(`apps/${environment}`);
    }
    expect(m.projects.map((project) => project.metadata.name).sort()).toEqual(['bootstrap', 'default', environment]);
    expect(m.unmodelled).toEqual([]);
  });

  it.each(environments)('%s: every project permits what its Applications deploy', (environment) => {
    const m = model(environment);
    for (const app of [...m.root, ...m.applications]) {
      expect(projectDecision(projectOf(m, app.project), app.object, app.objects.map((entry) => entry.object))).toEqual([]);
    }
  });
});

describe('projectDecision on mutations', () => {
  const app = (): { project: KubeObject | undefined; application: KubeObject; objects: KubeObject[] } => {
    const m = model('staging');
    const webapp = m.applications.find((candidate) => candidate.name === 'staging-webapp');
    if (webapp === undefined) throw new Error('no staging-webapp');
    return { project: projectOf(m, 'staging'), application: webapp.object, objects: webapp.objects.map((entry) => entry.object) };
  };
  const withSpec = (object: KubeObject, change: (spec: Record<string, unknown>) => void): KubeObject => {
    const copy = structuredClone(object) as KubeObject & { spec: Record<string, unknown> };
    change(copy.spec);
    return copy;
  };

  it('refuses a Role in an overlay', () => {
    const { project, application, objects } = app();
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'product-staging' } };
    expect(projectDecision(project, application, [...objects, role]).map((r) => r.reason)).toEqual([
      'Role.rbac.authorization.k8s.io "reader" is not permitted by AppProject "staging"',
    ]);
  });

  it('refuses a typo in the destination namespace', () => {
    const { project, application, objects } = app();
    const typo = withSpec(application, (spec) => { (spec['destination'] as Record<string, unknown>)['namespace'] = 'product-stagign'; });
    const refusals = projectDecision(project, typo, objects);
    expect(refusals[0]?.what).toBe('destination');
    expect(refusals[0]?.reason).toContain('"product-stagign"');
  });

  it('refuses an Application whose project is missing', () => {
    const { application, objects } = app();
    const moved = withSpec(application, (spec) => { spec['project'] = 'stagin'; });
    expect(projectDecision(undefined, moved, objects)).toEqual([{ what: 'project', reason: 'AppProject "stagin" does not exist' }]);
  });

  it('refuses a Namespace other than product-<env>, permits product-<env>', () => {
    const { project, application } = app();
    const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(projectDecision(project, application, [namespace('product-staging')])).toEqual([]);
    expect(projectDecision(project, application, [namespace('scratch')]).map((r) => r.reason)).toEqual([
      'cluster-scoped Namespace "scratch" is not permitted by AppProject "staging"',
    ]);
  });

  it('refuses a repository that is not in sourceRepos', () => {
    const { project, application, objects } = app();
    const other = withSpec(application, (spec) => { (spec['source'] as Record<string, unknown>)['repoURL'] = 'https://github.com/acme-ai/other.git'; });
    expect(projectDecision(project, other, objects).map((r) => r.what)).toEqual(['source']);
  });
});

describe('docs/topology.md', () => {
  it('is generated from the model (run `npm run explain -- --write`)', () => {
    const committed = readFileSync(path.join(repoRoot, 'docs', 'topology.md'), 'utf8');
    expect(committed).toBe(topologyMarkdown(environments.map(model)));
  });
});
