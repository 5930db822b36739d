/**
 * The GitHub workflow cannot run here; this reads it as GitHub would and checks what can go
 * wrong without a run: scripts it calls, permissions, pinned actions, and that the steps pass
 * each other the files they write.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = path.resolve(import.meta.dirname, '..');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(path.join(repoRoot, '.github/workflows/validate.yaml'), 'utf8')) as Workflow;
const packageScripts = Object.keys((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('.github/workflows/validate.yaml', () => {
  it('runs on pull requests that touch desired state or the toolkit, and on pushes to main', () => {
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining(['base/**', 'overlays/**', 'apps/**', 'clusters/**', 'schemas/**', 'scripts/**', 'validate.config.yaml']));
    expect(workflow.on.push.branches).toEqual(['main']);
  });

  it('calls only npm scripts that package.json defines', () => {
    const called = steps.flatMap((step) => [...(step.run ?? '').matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((match) => match[1]!));
    expect(called.length).toBeGreaterThan(3);
    expect(called.filter((name) => !packageScripts.includes(name))).toEqual([]);
  });

  it('grants nothing by default and each job only what it uses', () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs['pull-request']!.permissions).toEqual({ contents: 'read', 'security-events': 'write', 'pull-requests': 'write' });
    expect(workflow.jobs['main']!.permissions).toEqual({ contents: 'read' });
  });

  it('pins every action by commit and keeps no credentials in the checkout', () => {
    const uses = steps.filter((step) => step.uses !== undefined).map((step) => step.uses!);
    expect(uses.length).toBeGreaterThan(4);
    expect(uses.filter((action) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(action))).toEqual([]);
    for (const step of steps.filter((candidate) => candidate.uses?.startsWith('actions/checkout@'))) expect(step.with?.['persist-credentials']).toBe(false);
  });

  it('validates the pull request against its base, and the later steps read the files that step writes', () => {
    const validate = steps.find((step) => step.id === 'validate')!;
    expect(validate.run).toContain('--base "origin/$BASE_REF"');
    const written = Object.fromEntries([...validate.run!.matchAll(/--format (\w+)=(\S+)/g)].map((match) => [match[1]!, match[2]!]));
    expect(Object.keys(written).sort()).toEqual(['json', 'markdown', 'sarif']);
    expect(validate.run).toContain('--format github');
    const sarif = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(sarif.with?.['sarif_file']).toBe(written['sarif']);
    const comment = steps.find((step) => step.uses?.startsWith('actions/github-script@'))!;
    expect(comment.env?.['PLAN_FILE']).toBe(written['markdown']);
    const artifact = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(path.posix.dirname(written['json']!)).toBe(String(artifact.with?.['path']).replace(/\/$/, ''));
    // The base revision must be in the clone.
    const checkout = workflow.jobs['pull-request']!.steps.find((step) => step.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with?.['fetch-depth']).toBe(0);
  });

  it('runs the main job and the tests on main', () => {
    const runs = workflow.jobs['main']!.steps.map((step) => step.run).filter((run) => run !== undefined);
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run validate', 'npm test']));
  });

  it('gives apps/ and clusters/ owners', () => {
    const owners = readFileSync(path.join(repoRoot, '.github/CODEOWNERS'), 'utf8');
    expect(owners).toMatch(/^\/apps\/\s+@\S+/m);
    expect(owners).toMatch(/^\/clusters\/\s+@\S+/m);
  });
});
