import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidation, type ValidationOptions } from '../scripts/pipeline/run-validation.ts';
import { ConfigError } from '../scripts/check/config.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const execFileAsync = promisify(execFile);

describe('repo-level behaviour of validate', () => {
  let copy: string;
  const options = (overrides: Partial<ValidationOptions>): ValidationOptions => ({
    paths: [],
    cwd: copy,
    ignoreMissingSchemas: false,
    inlineExemptions: true,
    cache: false,
    parser: 'fast',
    ...overrides,
  });

  beforeAll(async () => {
    copy = await mkdtemp(path.join(tmpdir(), 'validate-repo-'));
    for (const entry of ['base', 'overlays', 'apps', 'clusters', 'schemas', 'validate.config.yaml']) {
      await cp(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
    }
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('validates every target and cluster profile of a clean repo', async () => {
    const result = await runValidation(options({}));
    expect(result.summary).toMatchObject({ targets: 18, errors: 0, warnings: 0 });
  });

  it('reports a cluster profile that breaks its schema, located in the profile', async () => {
    const profile = path.join(copy, 'clusters', 'dev', 'cluster-profile.yaml');
    const original = await readFile(profile, 'utf8');
    await writeFile(profile, original.replace(/^kubernetesVersion: .*$/m, 'kubernetesVersion: "1.20"'));
    try {
      const result = await runValidation(options({}));
      const finding = result.diagnostics.find((diagnostic) => diagnostic.ruleId === 'cluster-profile');
      const line = original.split('\n').findIndex((text) => text.startsWith('kubernetesVersion:')) + 1;
      expect(finding).toMatchObject({ file: 'clusters/dev/cluster-profile.yaml', line, pointer: '/kubernetesVersion' });
    } finally {
      await writeFile(profile, original);
    }
  });

  it('refuses a remote base unless the configuration allows it, at the line that names it', async () => {
    const dir = path.join(copy, 'overlays', 'dev', 'remote');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'kustomization.yaml'),
      'resources:\n  - ../namespace\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.5.0\n',
    );
    try {
      const result = await runValidation(options({ paths: ['overlays/dev/remote'] }));
      const finding = result.diagnostics.find((diagnostic) => diagnostic.ruleId === 'render');
      expect(finding).toMatchObject({ file: 'overlays/dev/remote/kustomization.yaml', line: 3, column: 5 });
      expect(finding!.message).toMatch(/remote base .* is not allowed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('walks a plain directory, rendering a subdirectory that holds a kustomization as a target', async () => {
    const dir = path.join(copy, 'manifests');
    await mkdir(path.join(dir, 'nested'), { recursive: true });
    await cp(path.join(repoRoot, 'test', 'fixtures', 'validate', 'valid.yaml'), path.join(dir, 'valid.yaml'));
    await writeFile(path.join(dir, 'notes.txt'), 'not a manifest');
    await cp(path.join(repoRoot, 'test', 'fixtures', 'kustomize', 'base'), path.join(dir, 'nested'), { recursive: true });
    const result = await runValidation(options({ paths: ['manifests'] }));
    expect(result.summary.targets).toBe(2);
    expect(result.summary.resources).toBe(4);
    expect(new Set(result.diagnostics.map((diagnostic) => diagnostic.target))).toEqual(new Set(['manifests/nested', 'manifests/valid.yaml']));
  });

  it('refuses Helm and exec plugins in the build options as a usage error', async () => {
    const config = path.join(copy, 'helm.config.yaml');
    await writeFile(config, 'render:\n  kustomizeBuildOptions: ["--enable-helm"]\n');
    await expect(runValidation(options({ paths: ['overlays/dev/db'], configFile: config }))).rejects.toThrow(ConfigError);
  });

  it('exits 2 and says what to install when neither kustomize nor kubectl is on PATH', async () => {
    // A PATH that has node and nothing else.
    const bin = path.join(copy, 'bin');
    await mkdir(bin, { recursive: true });
    await symlink(process.execPath, path.join(bin, 'node')).catch(() => {});
    const run = await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', path.join(copy, 'overlays/dev/db')], {
      cwd: repoRoot,
      env: { ...process.env, PATH: bin },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(run).toMatchObject({ code: 2 });
    expect((run as { stderr: string }).stderr).toMatch(/install kustomize .* or kubectl/);
  });
});
