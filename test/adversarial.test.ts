// A hostile pull request, case by case: each case is a small repository written the way an
// attacker would write it, validated by the shipped command (`node scripts/validate.mjs`, the
// bundle that `npm run validate` runs) with a PATH whose first directory holds recording shims
// for every program a render must never start. Each case states its verdict (exit code and the
// located finding), and every case checks that no shim ran and that one JSON object came out.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const toolkit = path.resolve(import.meta.dirname, '..');
const workspace = mkdtempSync(path.join(tmpdir(), 'adversarial-'));
const cacheDir = path.join(workspace, 'cache');
const shimDir = path.join(workspace, 'shims');
const shimLog = path.join(workspace, 'shims.log');
/** Programs a kustomize render must never start; each shim records its call and fails. */
const forbidden = ['git', 'ssh', 'sh', 'bash', 'dash', 'helm', 'docker', 'podman', 'curl', 'wget', 'python3', 'perl', 'nc'];

beforeAll(() => {
  mkdirSync(shimDir);
  for (const name of forbidden) {
    const shim = path.join(shimDir, name);
    writeFileSync(shim, `#!/bin/sh\necho "${name} $*" >> ${JSON.stringify(shimLog)}\nexit 1\n`);
    chmodSync(shim, 0o755);
  }
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

interface Diagnostic {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}
interface Outcome {
  code: number;
  report: { summary: { errors: number; resources: number }; diagnostics: Diagnostic[]; error?: { message: string } };
  stderr: string;
  shims: string;
}

type Files = Record<string, string | Buffer>;

let repoCount = 0;
/** A fresh repository with these files (paths relative to its root). */
function repository(files: Files): string {
  const root = path.join(workspace, `repo-${++repoCount}`);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** Runs the shipped command in `root`; the time limit is the case's bound, not a measurement. */
function validate(root: string, args: readonly string[] = [], options: { limitSeconds?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
  rmSync(shimLog, { force: true });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(toolkit, 'scripts', 'validate.mjs'), '--format', 'json', ...args],
      {
        cwd: root,
        env: { ...process.env, PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`, VALIDATE_CACHE_DIR: cacheDir, NO_COLOR: '1', ...options.env },
        timeout: (options.limitSeconds ?? 30) * 1000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error !== null && error.killed) {
          reject(new Error(`no result within ${options.limitSeconds ?? 30} s`));
          return;
        }
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        let report: Outcome['report'];
        try {
          report = JSON.parse(stdout) as Outcome['report'];
        } catch {
          reject(new Error(`exit ${code}: stdout is not one JSON object:\n${stdout.slice(0, 500)}\nstderr:\n${stderr.slice(0, 2000)}`));
          return;
        }
        const shims = existsSync(shimLog) ? readFileSync(shimLog, 'utf8') : '';
        resolve({ code, report, stderr, shims });
      },
    );
  });
}

const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: value\n`;

/** The findings of one pipeline rule, as `file:line`. */
function located(outcome: Outcome, ruleId: string): string[] {
  return outcome.report.diagnostics.filter((d) => d.ruleId === ruleId).map((d) => `${d.file}:${d.line}`);
}

function expectNothingStarted(outcome: Outcome): void {
  expect(outcome.shims).toBe('');
  expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
}

describe('build options: an allow-list, whatever the spelling', () => {
  const target = { 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') };
  it.each([
    [['--enable_helm', '--helm_command=./evil.sh'], '--enable_helm'],
    [['--enable-helm'], '--enable-helm'],
    [['--helm-command', './evil.sh'], '--helm-command'],
    [['--enable_alpha_plugins', '--network'], '--enable_alpha_plugins'],
    [['--enable-exec'], '--enable-exec'],
    [['-o', '/tmp/out'], '-o'],
    [['--output=/tmp/out'], '--output'],
    [['--profile-output', '/tmp/prof'], '--profile-output'],
    [['--load-restrictor=LoadRestrictionsNone'], 'LoadRestrictionsNone'],
    [['--load_restrictor', 'LoadRestrictionsNone'], 'LoadRestrictionsNone'],
  ])('%j is a configuration error naming it (exit 2)', async (options, named) => {
    const evil = '#!/bin/sh\ntouch "$(dirname "$0")/evil-ran"\n';
    const root = repository({
      ...target,
      'evil.sh': evil,
      'validate.config.yaml': `render:\n  kustomizeBuildOptions: ${JSON.stringify(options)}\n`,
      'overlays/x/kustomization.yaml': kustomization(
        'resources:\n  - cm.yaml\nhelmCharts:\n  - name: chart\n    repo: https://charts.example.com\n    version: 1.0.0\n',
      ),
    });
    chmodSync(path.join(root, 'evil.sh'), 0o755);
    const outcome = await validate(root);
    expect(outcome.code).toBe(2);
    expect(outcome.report.error?.message).toContain(named);
    expect(existsSync(path.join(root, 'evil-ran'))).toBe(false);
    expectNothingStarted(outcome);
  });

  it('the harmless ones are accepted and the target renders', async () => {
    const root = repository({
      ...target,
      'validate.config.yaml': 'render:\n  kustomizeBuildOptions: ["--load-restrictor", "LoadRestrictionsRootOnly", "--enable-managedby-label"]\n',
    });
    const outcome = await validate(root);
    expect(located(outcome, 'render')).toEqual([]);
    expect(outcome.report.summary.resources).toBe(1);
    expectNothingStarted(outcome);
  });
});

describe('remote and out-of-repository references are refused before kustomize runs', () => {
  it.each([
    ['scp-style git', 'deploy@example.com:org/repo.git//path?ref=v1'],
    ['SSH in upper case', 'SSH://git@example.com/org/repo.git'],
    ['HTTPS in upper case', 'HTTPS://example.com/x.yaml'],
    ['go-getter', 'git::https://example.com/org/repo.git//kdir?ref=v1'],
    ['host path with ?ref', 'example.com/org/repo//kdir?ref=main'],
    ['file URL', 'file:///etc//kdir'],
    ['absolute path', '/etc/passwd'],
    ['device', '/dev/zero'],
    ['standard input', '/dev/stdin'],
    ['parent of the repository', '../../outside'],
  ])('%s: a located render finding at the resources entry (exit 1)', async (_name, reference) => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization(`resources:\n  - cm.yaml\n  - ${JSON.stringify(reference)}\n`), 'overlays/x/cm.yaml': configMap('x') });
    const outcome = await validate(root, [], { limitSeconds: 20 });
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'render')).toEqual(['overlays/x/kustomization.yaml:5']);
    expectNothingStarted(outcome);
  });

  it('a host listed in render.allowRemoteBases may be fetched over https, with git alone on PATH; other hosts stay refused', async () => {
    const root = repository({
      'validate.config.yaml': 'render:\n  allowRemoteBases: [git.example.com]\n',
      'overlays/x/kustomization.yaml': kustomization('resources:\n  - https://git.example.com/org/repo//base?ref=v1\n  - https://other.example.com/org/repo//base?ref=v1\n'),
      'overlays/y/kustomization.yaml': kustomization('resources:\n  - https://git.example.com/org/repo//base?ref=v1\n'),
    });
    const outcome = await validate(root, ['--verbose'], { limitSeconds: 60 });
    expect(outcome.code).toBe(1);
    // x: the unlisted host, before kustomize runs; y: the listed one reaches kustomize, whose
    // fetch fails on this machine without a network.
    expect(located(outcome, 'render')).toEqual(['overlays/x/kustomization.yaml:5', 'overlays/y/kustomization.yaml:4']);
    expect(outcome.stderr).toContain('overlays/y: network and git allowed');
    expectNothingStarted(outcome);
  });

  it('a symlink leaving the repository is refused, located at the entry', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n  - shadow.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    symlinkSync('/etc/shadow', path.join(root, 'overlays/x/shadow.yaml'));
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'render')).toEqual(['overlays/x/kustomization.yaml:5']);
    expect(JSON.stringify(outcome.report)).not.toMatch(/root:[^"]*:\d+:/);
  });
});

describe('kustomization files are read as kustomize reads them, or refused', () => {
  const decoy = 'https://example.com/decoy.yaml';
  it.each([
    ['a duplicate resources key', kustomization(`resources:\n  - cm.yaml\nresources:\n  - ${decoy}\n`), 5],
    ['a URL after a NEL', kustomization(`resources:\n  - cm.yaml # \u0085  - ${decoy}\n`), 4],
    ['a URL after a LINE SEPARATOR', kustomization(`resources:\n  - cm.yaml # \u2028  - ${decoy}\n`), 4],
    ['a URL after a PARAGRAPH SEPARATOR', kustomization(`resources:\n  - cm.yaml # \u2029  - ${decoy}\n`), 4],
    ['a URL after a lone CR', kustomization(`resources:\n  - cm.yaml # \r  - ${decoy}\n`), 4],
    ['an alias', kustomization('resources: &r\n  - cm.yaml\ncomponents: *r\n'), 5],
  ])('%s: a located finding, and kustomize never runs', async (_name, text, line) => {
    const root = repository({ 'overlays/x/kustomization.yaml': text, 'overlays/x/cm.yaml': configMap('x') });
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(outcome.report.diagnostics.filter((d) => d.file === 'overlays/x/kustomization.yaml').map((d) => d.line)).toContain(line);
    expect(outcome.report.summary.resources).toBe(0);
    expectNothingStarted(outcome);
  });

  it('a duplicate key in a JSON kustomization', async () => {
    const text = `{"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",\n "resources": ["cm.yaml"],\n "resources": ["${decoy}"]}\n`;
    const root = repository({ 'overlays/x/kustomization.yaml': text, 'overlays/x/cm.yaml': configMap('x') });
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(outcome.report.diagnostics.some((d) => d.file === 'overlays/x/kustomization.yaml' && d.line === 3)).toBe(true);
    expectNothingStarted(outcome);
  });
});

describe('what held before still holds', () => {
  it('a self-including kustomization is a render finding', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - .\n') });
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'render')).toHaveLength(1);
    expectNothingStarted(outcome);
  });

  it('JSON 6902 patches removing kind and metadata are a located finding', async () => {
    const root = repository({
      'overlays/x/kustomization.yaml': kustomization(
        'resources:\n  - cm.yaml\npatches:\n  - target: {kind: ConfigMap, name: x}\n    patch: |-\n      - op: remove\n        path: /kind\n      - op: remove\n        path: /metadata\n',
      ),
      'overlays/x/cm.yaml': configMap('x'),
    });
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(outcome.report.diagnostics.filter((d) => d.severity === 'error').every((d) => d.file !== '' && d.line >= 1)).toBe(true);
    expect(outcome.report.diagnostics.some((d) => d.file === 'overlays/x/kustomization.yaml')).toBe(true);
    expectNothingStarted(outcome);
  });

  it('kustomize runs without network: its own network namespace where the machine allows one', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    const outcome = await validate(root, ['--verbose']);
    const sandbox = /kustomize sandbox: (.*)/.exec(outcome.stderr)?.[1] ?? '';
    expect(sandbox).toContain('no PATH');
    // Where no namespace can be made the run says so without --verbose; here one can.
    if (!/without network isolation/.test(outcome.stderr)) expect(sandbox).toMatch(/own network namespace/);
  });

  it('helmCharts without the Helm flags inflate nothing and run nothing', async () => {
    const root = repository({
      'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\nhelmCharts:\n  - name: chart\n    repo: https://charts.example.com\n    version: 1.0.0\n'),
      'overlays/x/cm.yaml': configMap('x'),
    });
    const outcome = await validate(root);
    expect(outcome.code).toBeLessThan(2);
    expectNothingStarted(outcome);
  });

  it('an exec plugin (transformer with a function annotation) runs nothing', async () => {
    const root = repository({
      'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\ntransformers:\n  - fn.yaml\n'),
      'overlays/x/cm.yaml': configMap('x'),
      'overlays/x/fn.yaml':
        'apiVersion: example.com/v1\nkind: Evil\nmetadata:\n  name: evil\n  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: example.com/evil:1\n        network: true\n      exec:\n        path: ./evil.sh\n',
    });
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'render')).toHaveLength(1);
    expectNothingStarted(outcome);
  });

  it('a generator reading /etc/shadow is refused without printing the file', async () => {
    const root = repository({
      'overlays/x/kustomization.yaml': kustomization('configMapGenerator:\n  - name: stolen\n    files:\n      - /etc/shadow\n'),
    });
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'render')).toEqual(['overlays/x/kustomization.yaml:6']);
    expect(JSON.stringify(outcome.report) + outcome.stderr).not.toMatch(/root:[^"]*:\d+:/);
  });
});

describe('bounded: hostile sizes end within their limits with a located finding', () => {
  it('a billion-laughs alias bomb in a base', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${levels.join('\n  ')}\n`;
    const root = repository({ 'base/kustomization.yaml': kustomization('resources:\n  - bomb.yaml\n'), 'base/bomb.yaml': bomb, 'overlays/x/kustomization.yaml': kustomization('resources:\n  - ../../base\n') });
    const outcome = await validate(root, [], { limitSeconds: 60 });
    expect(outcome.code).toBe(1);
    expect(outcome.report.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
    expect(outcome.report.diagnostics.every((d) => d.line >= 1 && d.file !== '')).toBe(true);
  });

  it('a 50 MB manifest in a base', async () => {
    const line = `  k${'x'.repeat(40)}: ${'v'.repeat(40)}\n`;
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: Math.ceil((50 * 1024 * 1024) / line.length) }, (_, index) => line.replace('k', `k${index}`)).join('')}`;
    const root = repository({ 'base/kustomization.yaml': kustomization('resources:\n  - big.yaml\n'), 'base/big.yaml': big, 'overlays/x/kustomization.yaml': kustomization('resources:\n  - ../../base\n') });
    const outcome = await validate(root, [], { limitSeconds: 60 });
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'render').length).toBeGreaterThan(0);
  });

  it('a target kustomize cannot finish in time is stopped at its limit; the others are validated', async () => {
    // kustomize's time grows faster than the object count: 10,000 objects under a prefix and a
    // label take it over a minute here, far past an 8 s limit that a one-object target never nears.
    const files: Files = { 'overlays/ok/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/ok/cm.yaml': configMap('ok') };
    const many = Array.from({ length: 10_000 }, (_, index) => `---\n${configMap(`cm-${index}`)}`).join('');
    files['overlays/slow/kustomization.yaml'] = kustomization('resources:\n  - many.yaml\nnamePrefix: p-\nlabels:\n  - pairs: {a: b}\n');
    files['overlays/slow/many.yaml'] = many;
    files['validate.config.yaml'] = 'render:\n  timeoutSeconds: 8\n';
    const root = repository(files);
    const outcome = await validate(root, [], { limitSeconds: 30 });
    expect(outcome.code).toBe(1);
    const render = outcome.report.diagnostics.filter((d) => d.ruleId === 'render');
    expect(render.map((d) => d.file)).toEqual(['overlays/slow/kustomization.yaml']);
    expect(render[0]!.message).toMatch(/render\.timeoutSeconds \(8 s\)/);
    expect(outcome.report.summary.resources).toBe(1);
  });
});

describe('caches a pull request cannot write', () => {
  it('a committed .cache/ is never read: same findings as without caches, no injected code runs', async () => {
    const marker = path.join(workspace, 'injected-ran');
    const injected = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = () => true;`;
    const files: Files = {
      'overlays/x/kustomization.yaml': kustomization('resources:\n  - deployment.yaml\n'),
      'overlays/x/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n',
      '.cache/kustomize-version.json': JSON.stringify({ identity: 'x', binary: { command: './evil.sh', args: [], version: 'v5.5.0', description: 'evil' } }),
      '.cache/render/outputs/00.json': JSON.stringify({ key: '0', output: '' }),
      '.cache/validators/00.cjs': injected,
      '.cache/bundle/validate.cjs': injected,
    };
    const root = repository(files);
    const cached = await validate(root);
    const uncached = await validate(root, ['--no-cache']);
    expect(cached.report.diagnostics).toEqual(uncached.report.diagnostics);
    expect(cached.report.summary.errors).toBeGreaterThan(0);
    expect(existsSync(marker)).toBe(false);
    expectNothingStarted(cached);
  });

  it('a cache directory inside the repository is a usage error', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    const outcome = await validate(root, [], { env: { VALIDATE_CACHE_DIR: path.join(root, '.cache') } });
    expect(outcome.code).toBe(2);
    expect(outcome.report.error?.message).toMatch(/inside/);
  });

  it('a damaged cache entry is a miss, never a crash', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    const first = await validate(root);
    const { readdirSync } = await import('node:fs');
    for (const folder of ['render', 'validators']) {
      for (const name of readdirSync(path.join(cacheDir, folder))) writeFileSync(path.join(cacheDir, folder, name), 'garbage');
    }
    for (const hash of readdirSync(path.join(cacheDir, 'bundle'))) {
      const file = path.join(cacheDir, 'bundle', hash, 'validate.cjs');
      if (existsSync(file)) writeFileSync(file, readFileSync(file).subarray(0, 1000));
    }
    const second = await validate(root);
    expect(second.code).toBe(first.code);
    expect(second.report.diagnostics).toEqual(first.report.diagnostics);
  });
});

describe('text Kubernetes would read differently is refused, located', () => {
  const deployment = (extra: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${extra}  containers:\n    - name: c\n      image: nginx:1.27\n`;
  it.each([
    ['a NUL in a comment', Buffer.from(deployment('  # \u0000 comment\n')), 6],
    ['invalid UTF-8', Buffer.from(deployment('  # \u00ff\u00fe\n'), 'latin1'), 6],
    ['a %YAML 1.2 directive', Buffer.from(`%YAML 1.2\n---\n${deployment('')}`), 1],
    ['a BOM in mid-stream', Buffer.from(`${deployment('')}---\n\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`), 10],
    ['a NEL in a comment hiding hostNetwork', Buffer.from(deployment('  # note\u0085  hostNetwork: true\n')), 6],
  ])('%s (plain file)', async (_name, content, line) => {
    const root = repository({ 'pod.yaml': content });
    const outcome = await validate(root, ['pod.yaml']);
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'yaml')).toContain(`pod.yaml:${line}`);
  });

  it('a quoted "__proto__" key is an ordinary key: rules see only what the cluster gets', async () => {
    const pod = (key: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      ${key}:\n        securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}\n        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}\n`;
    const root = repository({ 'quoted.yaml': pod('"__proto__"'), 'plain.yaml': pod('__proto__') });
    const [quoted, plain] = await Promise.all([validate(root, ['quoted.yaml']), validate(root, ['plain.yaml'])]);
    const rules = (outcome: Outcome) => outcome.report.diagnostics.map((d) => `${d.ruleId}:${d.line}`).sort();
    expect(rules(quoted)).toEqual(rules(plain));
    expect(rules(quoted)).toContain('schema:9');
    expect(quoted.report.summary.errors).toBeGreaterThan(5);
  });
});

describe('exit codes as promised', () => {
  it('a symlink loop in the repository ends with a located finding or exit 2, never a stack trace', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n  - loop\n'), 'overlays/x/cm.yaml': configMap('x') });
    symlinkSync('loop', path.join(root, 'overlays/x/loop'));
    const outcome = await validate(root);
    expect([1, 2]).toContain(outcome.code);
    if (outcome.code === 1) expect(located(outcome, 'render')).toEqual(['overlays/x/kustomization.yaml:5']);
    expectNothingStarted(outcome);
  });

  it('an exemption reason of invisible characters is a configuration error', async () => {
    const root = repository({
      'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'),
      'overlays/x/cm.yaml': configMap('x'),
      'validate.config.yaml': 'exemptions:\n  - rule: probes\n    reason: "\\u200b"\n',
    });
    const outcome = await validate(root);
    expect(outcome.code).toBe(2);
    expect(outcome.report.error?.message).toMatch(/reason/);
  });

  it('a configuration symlinked out of the repository is refused', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    symlinkSync('/etc/shadow', path.join(root, 'validate.config.yaml'));
    const outcome = await validate(root);
    expect(outcome.code).toBe(2);
    expect(outcome.report.error?.message).toMatch(/outside the repository/);
    expect(outcome.stderr + JSON.stringify(outcome.report)).not.toMatch(/root:[^"]*:\d+:/);
  });

  it('a cluster profile symlinked out of the repository is a located finding, its target unread', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    mkdirSync(path.join(root, 'clusters', 'dev'), { recursive: true });
    symlinkSync('/etc/shadow', path.join(root, 'clusters', 'dev', 'cluster-profile.yaml'));
    const outcome = await validate(root);
    expect(outcome.code).toBe(1);
    expect(located(outcome, 'cluster-profile')).toEqual(['clusters/dev/cluster-profile.yaml:1']);
    expect(outcome.report.diagnostics.find((d) => d.ruleId === 'cluster-profile')?.message).toMatch(/outside the repository/);
    expect(outcome.stderr + JSON.stringify(outcome.report)).not.toMatch(/root:[^"]*:\d+:/);
  });

  it('a kustomize on PATH that cannot run falls back to kubectl kustomize', async () => {
    const root = repository({ 'overlays/x/kustomization.yaml': kustomization('resources:\n  - cm.yaml\n'), 'overlays/x/cm.yaml': configMap('x') });
    const broken = path.join(workspace, 'broken-kustomize');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'kustomize'), 'not a program');
    chmodSync(path.join(broken, 'kustomize'), 0o644);
    const outcome = await validate(root, [], { env: { PATH: `${shimDir}${path.delimiter}${broken}${path.delimiter}${process.env.PATH ?? ''}` } });
    expect(located(outcome, 'render')).toEqual([]);
    expect(outcome.report.summary.resources).toBe(1);
  });
});
