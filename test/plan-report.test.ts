import { describe, expect, it } from 'vitest';
import { semanticDiff } from '../scripts/argocd/semantic-diff.ts';
import type { PlanEntry } from '../scripts/core/plan.ts';
import { markdownBudget } from '../scripts/report/markdown.ts';
import { formatNames, formatReport, type ReportInput } from '../scripts/report/index.ts';

const summary = { targets: 18, resources: 121, errors: 0, warnings: 0, exemptions: 0 };

function input(entries: PlanEntry[]): ReportInput {
  return { diagnostics: [], summary, resources: [], rules: [], toolVersion: 'test', plan: { entries, clusters: ['dev', 'prod', 'staging'] } };
}

const deployment = (image: string, env: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'log-shipper', image: 'fluent/fluent-bit:3.2.10' },
          { name: 'web', image, env: Object.entries(env).map(([name, value]) => ({ name, value })), ports: [{ containerPort: 8080 }] },
        ],
      },
    },
  },
});

describe('semantic diff of one object', () => {
  it('matches containers by name and ports by port and protocol, whatever their order', () => {
    const before = deployment('web:1', { MODE: 'a' });
    const after = structuredClone(deployment('web:2', { MODE: 'a' }));
    after.spec.template.spec.containers.reverse();
    expect(semanticDiff(before, after)).toEqual([
      { path: 'spec.template.spec.containers[name=web].image', pointer: '/spec/template/spec/containers/0/image', before: 'web:1', after: 'web:2' },
    ]);
  });

  it('names added and removed env entries by their name', () => {
    const changes = semanticDiff(deployment('web:1', { MODE: 'a', OLD: 'x' }), deployment('web:1', { MODE: 'b', NEW: 'y' }));
    expect(changes.map((change) => [change.path, change.before, change.after])).toEqual([
      ['spec.template.spec.containers[name=web].env[name=MODE].value', 'a', 'b'],
      ['spec.template.spec.containers[name=web].env[name=NEW]', undefined, { name: 'NEW', value: 'y' }],
      ['spec.template.spec.containers[name=web].env[name=OLD]', { name: 'OLD', value: 'x' }, undefined],
    ]);
  });

  it('gives a Secret only the keys whose values changed', () => {
    const secret = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data });
    expect(semanticDiff(secret({ password: 'czNjcjN0', user: 'YXBw' }), secret({ password: 'bjN3', user: 'YXBw', token: 'dA==' }))).toEqual([
      { path: 'data', pointer: '/data', before: undefined, after: undefined, redacted: ['password', 'token'] },
    ]);
  });
});

describe('the plan in every format', () => {
  const secretEntry: PlanEntry = {
    cluster: 'prod',
    application: 'prod-db',
    action: 'update',
    object: { apiVersion: 'v1', kind: 'Secret', namespace: 'product-prod', name: 'db' },
    reason: 'changed in Git',
    restarts: [],
    changes: semanticDiff(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2-old' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2-new' } },
    ),
  };
  const envEntry: PlanEntry = {
    cluster: 'prod',
    application: 'prod-webapp',
    action: 'update',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'product-prod', name: 'web' },
    reason: 'changed in Git',
    restarts: ['Deployment/web'],
    changes: semanticDiff(
      deployment('web:1', { DB_PASSWORD: 'old-pass-1', DATABASE_URL: 'postgres://app:s3cr3t-1@db:5432/app' }),
      deployment('web:1', { DB_PASSWORD: 'new-pass-2', DATABASE_URL: 'postgres://app:s3cr3t-2@db:5432/app' }),
    ),
  };

  it('never shows a Secret value, a secret-like variable or a URL password', () => {
    for (const format of formatNames) {
      const output = formatReport(format, input([secretEntry, envEntry]), { color: false });
      for (const secret of ['hunter2', 'old-pass-1', 'new-pass-2', 's3cr3t']) expect(output, format).not.toContain(secret);
    }
    const markdown = formatReport('markdown', input([secretEntry, envEntry]), { color: false });
    expect(markdown).toContain('`stringData`: values of `password` changed (not shown)');
    expect(markdown).toContain('env[name=DB_PASSWORD].value`: `(redacted)` → `(redacted)`');
  });

  it('stays within the comment budget, cutting the largest sections first, with a note', () => {
    const entries: PlanEntry[] = Array.from({ length: 400 }, (_, index) => ({
      cluster: index % 2 === 0 ? 'prod' : 'staging',
      application: `app-${String(index % 7)}`,
      action: 'update',
      object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'product', name: `settings-${String(index)}` },
      reason: 'changed in Git',
      restarts: [],
      changes: Array.from({ length: 30 }, (__, field) => ({ path: `data.key-${String(field)}`, pointer: `/data/key-${String(field)}`, before: 'x'.repeat(40), after: 'y'.repeat(40) })),
    }));
    const markdown = formatReport('markdown', input(entries), { color: false });
    expect(markdown.length).toBeLessThanOrEqual(markdownBudget);
    expect(markdown).toMatch(/_\d+ field changes are not shown here to stay within GitHub's comment size/);
    expect(markdown).toContain('```mermaid');
    expect(formatReport('markdown', input(entries), { color: false })).toBe(markdown);
  });

  it('lets no repository text mention someone or inject HTML into the comment', () => {
    const diagnostic = {
      ruleId: 'schema',
      severity: 'error' as const,
      message: 'value "@acme-ai/platform <img src=x onerror=alert(1)>" is not a port',
      target: 'overlays/dev/webapp',
      object: null,
      pointer: '',
      file: 'overlays/dev/webapp/kustomization.yaml',
      line: 3,
      column: 1,
    };
    const markdown = formatReport('markdown', { ...input([]), diagnostics: [diagnostic] }, { color: false });
    expect(markdown).not.toContain('@acme-ai');
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('@\u200bacme-ai/platform &lt;img');
  });

  it('says what to run when there is no plan', () => {
    const markdown = formatReport('markdown', { diagnostics: [], summary, resources: [], rules: [], toolVersion: 'test' }, { color: false });
    expect(markdown).toContain('run with `--base REV`');
  });
});
