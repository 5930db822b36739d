/**
 * Realistic pull-request changes to this repository, each committed alone on a branch of a
 * temporary Git repository whose `main` is the repository as it is, and validated with
 * `--base main` as CI validates a pull request: each must give its rule's finding, in the
 * Application it concerns, at the line a person edits; a clean change gives no error and a plan
 * of one update with its restart.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../scripts/core/diagnostic.ts';
import { runValidation, type ValidationResult } from '../scripts/pipeline/index.ts';
import { formatReport } from '../scripts/report/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
let work: string;
let cacheDir: string;
let previousCacheDir: string | undefined;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function edit(file: string, from: string | RegExp, to: string): void {
  const absolute = path.join(work, file);
  const text = readFileSync(absolute, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: ${String(from)} not found`);
  writeFileSync(absolute, changed);
}

function write(file: string, text: string): void {
  writeFileSync(path.join(work, file), text);
}

function remove(file: string): void {
  rmSync(path.join(work, file));
}

/** The 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(path.join(work, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file}: no line contains ${text}`);
  return index + 1;
}

function markdownOf(result: ValidationResult): string {
  const input = { diagnostics: result.diagnostics, summary: result.summary, resources: [], rules: [], toolVersion: 'test', ...(result.plan === undefined ? {} : { plan: result.plan }) };
  return formatReport('markdown', input, { color: false });
}

/** The change as a pull request holds it: a commit on a branch off main; validated with `--base main`. */
async function validateChange(): Promise<ValidationResult> {
  if (git('status', '--porcelain') !== '') {
    git('checkout', '-q', '-B', 'change');
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'change');
  }
  return runValidation({ paths: [], cwd: work, ignoreMissingSchemas: false, inlineExemptions: true, cache: true, parser: 'fast', base: 'main' });
}

interface Expected {
  ruleId: string;
  /** Text the message names: the Application, the object. */
  mentions: string[];
  file: string;
  /** The Application (`cluster/application`) the finding names, where an Application deploys the object. */
  application?: string;
  /** A text on the line the finding is located at (or `lineOffset` lines before it). */
  lineWith: string;
  lineOffset?: number;
  severity?: 'error' | 'warning';
}

interface Mutation {
  name: string;
  change: () => void;
  expect: Expected;
}

const mutations: Mutation[] = [
  {
    name: 'grows the prod database disk through the claim template',
    change: () => edit('overlays/prod/db/kustomization.yaml', 'value: 200Gi', 'value: 400Gi'),
    expect: { ruleId: 'argocd-immutable-field', mentions: ['volumeClaimTemplates', 'prod-db'], file: 'overlays/prod/db/kustomization.yaml', lineWith: 'value: 400Gi', application: 'prod/prod-db' },
  },
  {
    name: 'changes podManagementPolicy in base/db (every environment)',
    change: () => edit('base/db/statefulset.yaml', /podManagementPolicy: \w+/, 'podManagementPolicy: Parallel'),
    expect: { ruleId: 'argocd-immutable-field', mentions: ['podManagementPolicy', 'db'], file: 'base/db/statefulset.yaml', lineWith: 'podManagementPolicy: Parallel', application: 'prod/prod-db' },
  },
  {
    name: 'changes the web Deployment selector',
    change: () => edit('base/webapp/deployment.yaml', /matchLabels:\n(\s+)/, 'matchLabels:\n$1tier: web\n$1'),
    expect: { ruleId: 'argocd-immutable-field', mentions: ['Deployment spec.selector is immutable', 'webapp'], file: 'base/webapp/deployment.yaml', lineWith: 'tier: web', application: 'prod/prod-webapp' },
  },
  {
    name: 'turns the headless db Service into a normal one',
    change: () => edit('base/db/service-headless.yaml', /\n\s*clusterIP: None/, ''),
    expect: { ruleId: 'argocd-immutable-field', mentions: ['headless'], file: 'base/db/service-headless.yaml', lineWith: 'spec:', application: 'prod/prod-db' },
  },
  {
    name: 'removes the dev web Application, which carries the resources finalizer',
    change: () => {
      remove('apps/dev/webapp.yaml');
      edit('apps/dev/kustomization.yaml', /\n\s*- webapp\.yaml/, '');
    },
    expect: { ruleId: 'argocd-prune', mentions: ['dev-webapp', 'deletes the'], file: 'clusters/dev/root-application.yaml', lineWith: 'path: apps/dev', application: 'dev/dev-root' },
  },
  {
    name: 'renames the staging web Application',
    change: () => edit('apps/staging/webapp.yaml', 'name: staging-webapp', 'name: staging-web'),
    expect: { ruleId: 'argocd-prune', mentions: ['staging-webapp', 'adopted them'], file: 'clusters/staging/root-application.yaml', lineWith: 'path: apps/staging', application: 'staging/staging-root' },
  },
  {
    name: 'adds a Role in the prod web overlay, a kind the project does not permit',
    change: () => {
      write('overlays/prod/webapp/role.yaml', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: webapp-reader\nrules: []\n');
      edit('overlays/prod/webapp/kustomization.yaml', '  - ../../../base/webapp\n', '  - ../../../base/webapp\n  - role.yaml\n');
    },
    expect: { ruleId: 'argocd-project', mentions: ['Role', 'prod-webapp', 'whole sync'], file: 'overlays/prod/webapp/role.yaml', lineWith: 'kind: Role', application: 'prod/prod-webapp' },
  },
  {
    // kustomize's namespace transformer renames a Namespace object to the overlay's namespace:
    // the overlay now deploys product-dev, whose Pod Security labels dev-namespace sets.
    name: 'adds a Namespace in an overlay with a namespace transformer',
    change: () => {
      write('overlays/dev/llm/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: llm-scratch\n');
      edit('overlays/dev/llm/kustomization.yaml', /resources:\n/, 'resources:\n  - namespace.yaml\n');
    },
    expect: { ruleId: 'argocd-namespace-metadata', mentions: ['Namespace product-dev', 'dev-llm', 'pod-security.kubernetes.io/enforce=restricted', 'dev-namespace'], file: 'overlays/dev/llm/namespace.yaml', lineWith: 'metadata:', application: 'dev/dev-llm' },
  },
  {
    name: 'mistypes a destination namespace',
    change: () => edit('apps/dev/llm.yaml', 'namespace: product-dev\n  syncPolicy', 'namespace: product-dve\n  syncPolicy'),
    expect: { ruleId: 'argocd-project', mentions: ['dev-llm', 'product-dve'], file: 'apps/dev/llm.yaml', lineWith: 'destination:', application: 'dev/dev-llm' },
  },
  {
    name: 'moves an Application to the default project',
    change: () => edit('apps/staging/db.yaml', 'project: staging', 'project: default'),
    expect: { ruleId: 'argocd-project', mentions: ['staging-db', 'default AppProject'], file: 'apps/staging/db.yaml', lineWith: 'project: default', application: 'staging/staging-db' },
  },
  {
    name: 'mistypes the repoURL',
    change: () => edit('apps/prod/llm.yaml', 'llm-platform-gitops.git', 'llm-platform-gitop.git'),
    expect: { ruleId: 'argocd-source', mentions: ['prod-llm', 'not this repository'], file: 'apps/prod/llm.yaml', lineWith: 'repoURL:', application: 'prod/prod-llm' },
  },
  {
    name: 'mistypes the targetRevision',
    change: () => edit('apps/prod/webapp.yaml', 'targetRevision: main', 'targetRevision: mian'),
    expect: { ruleId: 'argocd-source', mentions: ['prod-webapp', 'mian'], file: 'apps/prod/webapp.yaml', lineWith: 'targetRevision: mian', application: 'prod/prod-webapp' },
  },
  {
    name: 'points a source at a directory that does not exist',
    change: () => edit('apps/dev/db.yaml', 'path: overlays/dev/db', 'path: overlays/dev/database'),
    expect: { ruleId: 'argocd-source', mentions: ['dev-db', 'overlays/dev/database'], file: 'apps/dev/db.yaml', lineWith: 'path: overlays/dev/database', application: 'dev/dev-db' },
  },
  {
    name: 'changes the Argo CD settings under clusters/prod, which nothing reconciles',
    change: () => edit('clusters/prod/argocd-cm.yaml', /\ndata:\n/, '\ndata:\n  timeout.reconciliation: 300s\n'),
    expect: { ruleId: 'argocd-bootstrap-drift', mentions: ['argocd-cm', 'kubectl apply --server-side -k clusters/prod'], file: 'clusters/prod/argocd-cm.yaml', lineWith: 'timeout.reconciliation', severity: 'warning' },
  },
  {
    name: 'writes a sync wave that is not an integer',
    change: () => edit('apps/staging/llm.yaml', 'argocd.argoproj.io/sync-wave: "2"', 'argocd.argoproj.io/sync-wave: "2a"'),
    expect: { ruleId: 'argocd-sync-waves', mentions: ['2a'], file: 'apps/staging/llm.yaml', lineWith: 'sync-wave: "2a"', application: 'staging/staging-llm' },
  },
  {
    name: 'mis-cases a sync option',
    change: () => edit('apps/dev/webapp.yaml', '- PruneLast=true', '- PruneLast=True'),
    expect: { ruleId: 'argocd-sync-options', mentions: ['PruneLast=True'], file: 'apps/dev/webapp.yaml', lineWith: 'PruneLast=True', application: 'dev/dev-webapp' },
  },
  {
    name: 'copies staging to an overlay no Application deploys',
    change: () => cpSync(path.join(work, 'overlays/staging'), path.join(work, 'overlays/perf'), { recursive: true }),
    expect: { ruleId: 'argocd-model', mentions: ['overlays/perf/webapp', 'never sync'], file: 'overlays/perf/webapp/kustomization.yaml', lineWith: '', severity: 'warning' },
  },
  {
    name: 'lets two Applications deploy the same object',
    change: () => {
      write('overlays/dev/llm/shared.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: webapp\n');
      edit('overlays/dev/llm/kustomization.yaml', /resources:\n/, 'resources:\n  - shared.yaml\n');
    },
    expect: { ruleId: 'argocd-shared-resource', mentions: ['ServiceAccount webapp', 'dev-llm, dev-webapp'], file: 'overlays/dev/llm/shared.yaml', lineWith: 'name: webapp', application: 'dev/dev-llm' },
  },
  {
    name: 'points the backup job at a database host that does not exist',
    change: () => edit('base/components/db-backup/cronjob.yaml', /(- name: PGHOST\n\s+value: )"?db"?/, '$1dbb'),
    expect: { ruleId: 'service-discovery', mentions: ['dbb'], file: 'base/components/db-backup/cronjob.yaml', lineWith: 'dbb', application: 'prod/prod-db' },
  },
  {
    name: 'moves the database port without the backup job',
    change: () => edit('base/components/db-backup/cronjob.yaml', /(- name: PGPORT\n\s+value: )"5432"/, '$1"5433"'),
    expect: { ruleId: 'service-discovery', mentions: ['5433'], file: 'base/components/db-backup/cronjob.yaml', lineWith: '"5433"', application: 'prod/prod-db' },
  },
  {
    name: 'mistypes the name in the staging Ingress patch target',
    change: () => edit('overlays/staging/webapp/kustomization.yaml', 'kind: Ingress\n      name: webapp', 'kind: Ingress\n      name: webap'),
    expect: { ruleId: 'kustomize-patch-target', mentions: ['name=webap'], file: 'overlays/staging/webapp/kustomization.yaml', lineWith: '# Hostname of this environment', lineOffset: 1, application: 'staging/staging-webapp' },
  },
  {
    name: 'gives staging the production hostname',
    change: () => edit('overlays/staging/webapp/kustomization.yaml', /value: chat\.staging\.acme-ai\.example/g, 'value: chat.acme-ai.example'),
    expect: { ruleId: 'ingress-host', mentions: ['chat.acme-ai.example', 'prod', 'prod-webapp'], file: 'overlays/staging/webapp/kustomization.yaml', lineWith: 'path: /spec/rules/0/host', lineOffset: 1, application: 'staging/staging-webapp' },
  },
  {
    name: 'asks for two GPUs on a cluster whose GPU nodes have one',
    change: () => edit('overlays/dev/llm/kustomization.yaml', /nvidia\.com\/gpu: "1"/g, 'nvidia.com/gpu: "2"'),
    expect: { ruleId: 'cluster-fit', mentions: ['No node pool', 'nvidia.com/gpu request 2'], file: 'overlays/dev/llm/kustomization.yaml', lineWith: 'nvidia.com/gpu: "2"', application: 'dev/dev-llm' },
  },
  {
    name: 'points the web autoscaler at a Deployment that does not exist',
    change: () => edit('base/webapp/hpa.yaml', 'kind: Deployment\n    name: webapp', 'kind: Deployment\n    name: web'),
    expect: { ruleId: 'hpa', mentions: ['Deployment "web" does not exist'], file: 'base/webapp/hpa.yaml', lineWith: 'kind: Deployment', lineOffset: 1, application: 'prod/prod-webapp' },
  },
  {
    name: 'drops the GPU toleration of the LLM server',
    change: () => edit('base/llm/deployment.yaml', /\n\s*# GPU nodes are tainted so that nothing else lands on them\.\n\s*tolerations:\n\s*- key: nvidia\.com\/gpu\n\s*operator: Exists\n\s*effect: NoSchedule/, ''),
    expect: { ruleId: 'cluster-fit', mentions: ['No node pool', 'taint nvidia.com/gpu=present:NoSchedule not tolerated'], file: 'base/llm/deployment.yaml', lineWith: '', application: 'dev/dev-llm' },
  },
  {
    name: 'breaks the YAML of a base file',
    change: () => edit('base/webapp/service.yaml', /\nspec:\n/, '\nspec:\n  selector: [unclosed\n'),
    expect: { ruleId: 'render', mentions: [], file: 'base/webapp/service.yaml', lineWith: '', application: 'dev/dev-webapp' },
  },
];

describe('pull-request changes, predicted with --base main', () => {
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'argocd-changes-'));
    cacheDir = mkdtempSync(path.join(tmpdir(), 'argocd-changes-cache-'));
    previousCacheDir = process.env.VALIDATE_CACHE_DIR;
    process.env.VALIDATE_CACHE_DIR = cacheDir;
    for (const entry of ['base', 'overlays', 'apps', 'clusters', 'schemas', 'validate.config.yaml']) {
      cpSync(path.join(repoRoot, entry), path.join(work, entry), { recursive: true });
    }
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'base');
  });
  afterAll(() => {
    if (previousCacheDir === undefined) delete process.env.VALIDATE_CACHE_DIR;
    else process.env.VALIDATE_CACHE_DIR = previousCacheDir;
    rmSync(work, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** Each change starts from main. */
  function reset(): void {
    git('checkout', '-q', '-f', 'main');
    git('clean', '-q', '-fd');
  }

  it('predicts nothing for no change', async () => {
    reset();
    const result = await validateChange();
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(result.plan?.entries).toEqual([]);
  });

  it('predicts one update with its restart for an image tag bump, and no error', async () => {
    reset();
    edit('overlays/staging/webapp/kustomization.yaml', 'newTag: "1.8.2"', 'newTag: "1.8.3"');
    const result = await validateChange();
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(result.plan?.entries).toHaveLength(1);
    const [update] = result.plan!.entries;
    expect(update).toMatchObject({
      cluster: 'staging',
      application: 'staging-webapp',
      action: 'update',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'product-staging', name: 'webapp' },
      reason: 'changed in Git',
      restarts: ['Deployment/webapp'],
    });
    // The one field that changes, located at the overlay's images entry a person edits.
    expect(update!.changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=web].image',
        pointer: '/spec/template/spec/containers/0/image',
        before: expect.stringContaining('ghcr.io/acme-ai/chat-web:1.8.2') as unknown,
        after: expect.stringContaining('ghcr.io/acme-ai/chat-web:1.8.3') as unknown,
        file: 'overlays/staging/webapp/kustomization.yaml',
        line: lineOf('overlays/staging/webapp/kustomization.yaml', 'newTag: "1.8.3"'),
      },
    ]);
  });

  it('writes the tag bump as a pull-request comment: the image old → new at its line, the same bytes every run', async () => {
    reset();
    edit('overlays/staging/webapp/kustomization.yaml', 'newTag: "1.8.2"', 'newTag: "1.8.3"');
    const first = markdownOf(await validateChange());
    const line = lineOf('overlays/staging/webapp/kustomization.yaml', 'newTag: "1.8.3"');
    expect(first).toContain('| staging | 1 | 0 | 1 | 0 | Deployment/webapp | 0 |');
    expect(first).toMatch(/Deployment product-staging\/webapp: `[^`]*chat-web:1\.8\.2[^`]*` → `[^`]*chat-web:1\.8\.3[^`]*`/);
    expect(first).toContain(`(overlays/staging/webapp/kustomization.yaml:${String(line)})`);
    expect(first).not.toContain('```mermaid');
    expect(markdownOf(await validateChange())).toBe(first);
  });

  it('puts a refused update at the top of the comment', async () => {
    reset();
    edit('overlays/prod/db/kustomization.yaml', 'value: 200Gi', 'value: 400Gi');
    const markdown = markdownOf(await validateChange());
    const top = markdown.split('\n').slice(0, 4).join('\n');
    expect(top).toContain('**prod: fail StatefulSet product-prod/db** (prod-db): StatefulSet spec.volumeClaimTemplates cannot change');
  });

  it.each(mutations.map((mutation) => [mutation.name, mutation] as const))(
    '%s',
    async (_name, mutation) => {
      reset();
      mutation.change();
      const result = await validateChange();
      const { ruleId, mentions, file, lineWith, lineOffset = 0, severity = 'error', application } = mutation.expect;
      const found = result.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.ruleId === ruleId && diagnostic.file === file);
      const line = lineWith === '' ? undefined : lineOf(file, lineWith) + lineOffset;
      const match = found.find(
        (diagnostic) =>
          (line === undefined || diagnostic.line === line) &&
          mentions.every((text) => diagnostic.message.includes(text)) &&
          (application === undefined || (diagnostic.applications ?? []).includes(application)),
      );
      expect(match, JSON.stringify(result.diagnostics.map((d) => [d.ruleId, d.file, d.line, d.message]), null, 1)).toBeDefined();
      expect(match?.severity).toBe(severity);
    },
    60_000,
  );
});
