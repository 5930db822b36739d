import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { locateInPlace } from '../scripts/locate/index.ts';
import { loadClusterProfiles, type ClusterProfile } from '../scripts/pipeline/environments.ts';
import { findKustomize, kustomizeVersionWarning, type KustomizeBinary } from '../scripts/render/kustomize-binary.ts';
import { profileKustomize } from '../scripts/tools/profile-kustomize.ts';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');
const environments = ['dev', 'staging', 'prod'] as const;
const profileText = (env: string) => readFileSync(path.join(repoRoot, 'clusters', env, 'cluster-profile.yaml'), 'utf8');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'cluster-profile-test-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A repository holding only clusters/dev/cluster-profile.yaml with this text. */
function repoWithDevProfile(text: string): string {
  const root = mkdtempSync(path.join(scratch, 'repo-'));
  mkdirSync(path.join(root, 'clusters', 'dev'), { recursive: true });
  writeFileSync(path.join(root, 'clusters', 'dev', 'cluster-profile.yaml'), text);
  return root;
}

function load(root: string) {
  const { profiles, findings } = loadClusterProfiles(root, (absolute) => path.relative(root, absolute));
  return { profiles, diagnostics: locateInPlace(findings) };
}

/** The 1-based line of the first line of `text` that `pattern` matches. */
function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  expect(index, String(pattern)).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('the cluster profile schema', () => {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cluster-profile.schema.json'), 'utf8')) as object;

  it.each(environments)('accepts clusters/%s/cluster-profile.yaml under strict Ajv', (env) => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    expect(validate(parse(profileText(env))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('gives the loader the Argo CD, storage class and CRD facts of every profile', () => {
    const { profiles, diagnostics } = load(repoRoot);
    expect(diagnostics).toEqual([]);
    expect(profiles.map((profile) => profile.environment)).toEqual(['dev', 'prod', 'staging']);
    for (const profile of profiles) {
      expect(profile.argocd).toEqual({ version: 'v3.5.1', resourceTrackingMethod: 'annotation', kustomizeVersion: 'v5.8.1' });
      expect(profile.storageClasses.find((storageClass) => storageClass.name === 'standard-rwo')?.allowVolumeExpansion).toBe(true);
      const served = (group: string, kind: string) =>
        profile.customResourceDefinitions.find((crd) => crd.group === group && crd.kind === kind)?.servedVersions;
      expect(served('argoproj.io', 'Application')).toEqual(['v1alpha1']);
      // External Secrets still lists v1beta1 in its CRDs, with served: false.
      expect(served('external-secrets.io', 'ExternalSecret')).toEqual(['v1']);
      expect(served('cert-manager.io', 'ClusterIssuer')).toEqual(['v1']);
    }
  });

  const dev = () => profileText('dev');
  const refusals: Array<{ change: string; edit: (text: string) => string; at: RegExp; pointer: string; message: RegExp }> = [
    {
      change: 'an unknown field',
      edit: (text) => text.replace(/^  kustomizeVersion: .*$/m, (line) => `${line}\n  trackingLabel: app.kubernetes.io/instance`),
      at: /^  trackingLabel:/,
      pointer: '/argocd/trackingLabel',
      message: /unknown field "trackingLabel"/,
    },
    {
      change: 'an Argo CD version without its v',
      edit: (text) => text.replace(/^  version: v3\.5\.1$/m, '  version: "3.5.1"'),
      at: /^  version: "3\.5\.1"/,
      pointer: '/argocd/version',
      message: /must match pattern/,
    },
    {
      change: 'an Argo CD 2.x version, whose behaviour the model does not encode',
      edit: (text) => text.replace(/^  version: v3\.5\.1$/m, '  version: v2.14.9'),
      at: /^  version: v2\.14\.9/,
      pointer: '/argocd/version',
      message: /must match pattern/,
    },
    {
      change: 'a kustomize version that is not a v5 release',
      edit: (text) => text.replace(/^  kustomizeVersion: v5\.8\.1$/m, '  kustomizeVersion: 5.8.1'),
      at: /^  kustomizeVersion: 5\.8\.1/,
      pointer: '/argocd/kustomizeVersion',
      message: /must match pattern/,
    },
    {
      change: 'a tracking method Argo CD does not have',
      edit: (text) => text.replace(/^  resourceTrackingMethod: annotation$/m, '  resourceTrackingMethod: annotations'),
      at: /^  resourceTrackingMethod: annotations/,
      pointer: '/argocd/resourceTrackingMethod',
      message: /must be equal to one of the allowed values/,
    },
    {
      change: 'a storage class without allowVolumeExpansion',
      edit: (text) => text.replace(/^      allowVolumeExpansion: true\n/m, ''),
      at: /^    - name: standard-rwo/,
      pointer: '/platform/storageClasses/0',
      message: /must have required property 'allowVolumeExpansion'/,
    },
    {
      change: 'a served version that is not an API version',
      edit: (text) => text.replace('kind: Application, scope: Namespaced, servedVersions: [v1alpha1]', 'kind: Application, scope: Namespaced, servedVersions: [v1alpha]'),
      at: /kind: Application, scope/,
      pointer: '/platform/customResourceDefinitions/0/servedVersions/0',
      message: /must match pattern/,
    },
  ];

  it.each(refusals)('refuses $change, located at its line as a cluster-profile error', ({ edit, at, pointer, message }) => {
    const text = edit(dev());
    expect(text).not.toBe(dev());
    const { profiles, diagnostics } = load(repoWithDevProfile(text));
    const finding = diagnostics.find((diagnostic) => diagnostic.pointer === pointer);
    expect(finding, JSON.stringify(diagnostics)).toMatchObject({
      ruleId: 'cluster-profile',
      severity: 'error',
      file: 'clusters/dev/cluster-profile.yaml',
      line: lineOf(text, at),
    });
    expect(finding?.message).toMatch(message);
    // An invalid profile still names its environment, and nothing unchecked reaches the model.
    expect(profiles[0]).toMatchObject({ environment: 'dev', storageClasses: [], customResourceDefinitions: [] });
    expect(profiles[0]?.argocd).toBeUndefined();
  });
});

describe('the kustomize release of the profiles', () => {
  const profile = (environment: string, kustomizeVersion?: string): ClusterProfile => ({
    environment,
    kubernetesVersion: '1.35',
    file: `clusters/${environment}/cluster-profile.yaml`,
    ...(kustomizeVersion === undefined ? {} : { argocd: { version: 'v3.5.1', resourceTrackingMethod: 'annotation', kustomizeVersion } }),
    storageClasses: [],
    customResourceDefinitions: [],
  });
  const binary = (version: string): KustomizeBinary => ({ command: '/usr/bin/kubectl', args: ['kustomize'], version, description: `kustomize ${version} (kubectl kustomize, /usr/bin/kubectl)` });

  it('is the one all profiles name, or the newest while an upgrade rolls through', () => {
    expect(profileKustomize([profile('dev', 'v5.8.1'), profile('prod', 'v5.8.1')])?.version).toBe('v5.8.1');
    expect(profileKustomize([profile('dev', 'v5.10.0'), profile('prod', 'v5.8.1'), profile('staging', 'v5.9.2')])?.version).toBe('v5.10.0');
    expect(profileKustomize([profile('dev')])).toBeUndefined();
  });

  it('warns when the kustomize here has another minor, naming both versions and the profiles', () => {
    const warning = kustomizeVersionWarning(binary('v5.5.0'), [profile('dev', 'v5.8.1'), profile('prod', 'v5.8.1')]);
    expect(warning).toContain('kustomize v5.5.0 (kubectl kustomize, /usr/bin/kubectl)');
    expect(warning).toContain('v5.8.1 (dev, prod)');
    expect(warning).toContain('npm run tools:kustomize');
  });

  it('is silent for another patch of the same minor, an unknown build, or profiles that name none', () => {
    expect(kustomizeVersionWarning(binary('v5.8.0'), [profile('dev', 'v5.8.1')])).toBeUndefined();
    expect(kustomizeVersionWarning(binary('unknown'), [profile('dev', 'v5.8.1')])).toBeUndefined();
    expect(kustomizeVersionWarning(binary('v5.5.0'), [profile('dev')])).toBeUndefined();
  });

  it('is one stderr warning per run, and --format json keeps stdout to the report', async () => {
    const found = await findKustomize();
    // A standalone kustomize of another minor that renders with the kustomize found here.
    const shimDir = path.join(scratch, 'kustomize-v5-4');
    mkdirSync(shimDir, { recursive: true });
    const shim = path.join(shimDir, 'kustomize');
    writeFileSync(shim, `#!/bin/sh\nif [ "$1" = version ]; then echo v5.4.3; exit 0; fi\nshift\nexec ${found.command} ${found.args.join(' ')} "$@"\n`);
    chmodSync(shim, 0o755);
    const cacheDir = mkdtempSync(path.join(scratch, 'cache-'));
    const { stdout, stderr } = await execFileAsync(process.execPath, ['scripts/validate.mjs', '--format', 'json', 'overlays/dev/webapp'], {
      cwd: repoRoot,
      env: { ...process.env, PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`, VALIDATE_CACHE_DIR: cacheDir },
    });
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
    expect(stdout).not.toContain('v5.4.3');
    const warnings = stderr.split('\n').filter((line) => line.startsWith('warning: kustomize v5.4.3'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('v5.8.1 (dev, prod, staging)');
  });
});

describe('npm run tools:kustomize', () => {
  const run = (env: Record<string, string>) =>
    execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/tools/install-kustomize.ts'], { cwd: repoRoot, env: { ...process.env, ...env } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('reuses an installed release without building, and prints its directory alone on stdout', async () => {
    const cacheDir = mkdtempSync(path.join(scratch, 'tools-cache-'));
    const binDir = path.join(cacheDir, 'kustomize', 'kustomize-v5.8.1');
    mkdirSync(binDir, { recursive: true });
    writeFileSync(path.join(binDir, 'kustomize'), '#!/bin/sh\necho v5.8.1\n', { mode: 0o755 });
    // A `go` that fails loudly: the run must not need it.
    const noGo = path.join(scratch, 'no-go');
    mkdirSync(noGo, { recursive: true });
    writeFileSync(path.join(noGo, 'go'), '#!/bin/sh\necho go must not run >&2\nexit 9\n', { mode: 0o755 });
    const result = await run({ VALIDATE_CACHE_DIR: cacheDir, PATH: `${noGo}${path.delimiter}${process.env.PATH ?? ''}` });
    expect(result).toMatchObject({ code: 0, stdout: `${binDir}\n` });
    expect(result.stderr).not.toContain('go must not run');
  });

  it('refuses a cache directory inside the repository (exit 2), where a pull request could plant a binary', async () => {
    const result = await run({ VALIDATE_CACHE_DIR: path.join(repoRoot, '.cache', 'planted') });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/inside .*where a pull request can write/);
  });
});
