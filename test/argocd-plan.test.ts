/** The plan between two revisions of one cluster's model, built by the real model over in-memory renders. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterView, modelCluster, planChange, type RenderFunction } from '../scripts/argocd/index.ts';
import type { KubeObject } from '../scripts/core/manifest.ts';

const repoRoot = '/plan-repository';

const root: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'dev-root', namespace: 'argocd' },
  spec: { project: 'default', source: { repoURL: 'https://example.com/repo.git', targetRevision: 'main', path: 'apps/dev' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' }, syncPolicy: { automated: { prune: true } } },
};

function applicationSet(elements: unknown[]): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'teams', namespace: 'argocd' },
    spec: {
      generators: [{ list: { elements } }],
      template: {
        metadata: { name: 'team-{{name}}' },
        spec: { project: 'default', source: { repoURL: 'https://example.com/repo.git', targetRevision: 'main', path: 'teams/{{name}}' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'team-{{name}}' } },
      },
    },
  };
}

const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

async function view(appSet: KubeObject): Promise<ClusterView> {
  const render: RenderFunction = (directory) => {
    const relative = path.posix.relative(repoRoot, directory);
    if (relative === 'clusters/dev') return Promise.resolve({ objects: [root] });
    if (relative === 'apps/dev') return Promise.resolve({ objects: [appSet] });
    if (relative.startsWith('teams/')) return Promise.resolve({ objects: [configMap('settings')] });
    return Promise.resolve({ objects: [], missing: true, failure: `${relative} does not exist` });
  };
  return new ClusterView(await modelCluster({ repoRoot, environment: 'dev', render }));
}

describe('planChange with ApplicationSets', () => {
  it('deletes what a generated Application deployed when the set stops generating it (the resources finalizer it carries)', async () => {
    const base = await view(applicationSet([{ name: 'a' }, { name: 'b' }]));
    const head = await view(applicationSet([{ name: 'a' }]));
    const { entries } = planChange(head, base, { allowsExpansion: () => undefined });
    expect(entries.filter((entry) => entry.application === 'team-b').map((entry) => entry.action)).toEqual(['cascade-delete']);
  });

  it('predicts no removal when the head cannot expand the set: Argo CD keeps the Applications it generated', async () => {
    const base = await view(applicationSet([{ name: 'a' }, { name: 'b' }]));
    // A non-string element value without goTemplate: the list generator fails, the set changes nothing.
    const head = await view(applicationSet([{ name: 'a' }, { name: 3 }]));
    expect(head.model.incompleteApplicationSets).toEqual(['teams']);
    const { entries } = planChange(head, base, { allowsExpansion: () => undefined });
    expect(entries.filter((entry) => entry.action === 'cascade-delete' || entry.action === 'prune' || entry.action === 'orphan')).toEqual([]);
  });
});
