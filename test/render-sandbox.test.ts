import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKustomize, KustomizeNotFoundError, type KustomizeBinary } from '../scripts/render/kustomize-binary.ts';
import { renderTargets, type RenderOptions } from '../scripts/render/render-targets.ts';
import { defaultSandboxLimits, detectConfinement, probeConfinement, ranOutOfMemory, runSandboxed } from '../scripts/render/sandbox.ts';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

let scratch: string;
let kubectl: KustomizeBinary;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'render-sandbox-'));
  // `kubectl kustomize` itself, whatever standalone kustomize PATH holds (CI puts one first).
  const saved = process.env.PATH;
  process.env.PATH = (saved ?? '').split(path.delimiter).find((dir) => existsSync(path.join(dir, 'kubectl')));
  try {
    kubectl = await findKustomize();
  } finally {
    process.env.PATH = saved;
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function executable(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

function kustomization(name: string, text: string, files: Record<string, string> = {}): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'kustomization.yaml'), text);
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
  return dir;
}

function renderOptions(kustomize: KustomizeBinary, limits = defaultSandboxLimits): RenderOptions {
  return { kustomize, buildOptions: [], allowRemoteBases: false, limits, cache: undefined, cwd: scratch, concurrency: 2, annotate: false, warn: () => {} };
}

/** Processes whose command line holds `marker`: what a kill must leave none of. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

describe('the kustomize sandbox', () => {
  it('reports the isolation in force, and warns when util-linux cannot provide it', async () => {
    const here = await detectConfinement();
    expect(here.description).toContain('empty environment');
    expect(here.description).toContain(here.network === undefined ? 'no network isolation' : 'own network namespace');
    expect(here.warnings.length).toBe((here.network === undefined ? 1 : 0) + (here.prlimit === undefined ? 1 : 0));
    const nowhere = await probeConfinement([path.join(scratch, 'no-such-dir')]);
    expect(nowhere.network).toBeUndefined();
    expect(nowhere.prlimit).toBeUndefined();
    expect(nowhere.description).toContain('no network isolation');
    expect(nowhere.warnings).toEqual([
      'kustomize runs without network isolation: util-linux `unshare` was not found',
      'kustomize runs without a memory limit: util-linux `prlimit` is not usable here',
    ]);
  });

  it('gives the process only an empty HOME (and TMPDIR), Go runtime settings, the target as working directory, and no network but loopback', async () => {
    const probe = executable(
      path.join(scratch, 'bin', 'env-probe'),
      `#!${process.execPath}\n` +
        "const fs = require('node:fs');\n" +
        "const interfaces = fs.readFileSync('/proc/net/dev', 'utf8').split('\\n').slice(2).map((l) => l.split(':')[0].trim()).filter(Boolean);\n" +
        'console.log(JSON.stringify({ env: process.env, cwd: process.cwd(), home: fs.readdirSync(process.env.HOME), interfaces }));\n',
    );
    const target = kustomization('env-target', 'resources: []\n');
    const home = mkdtempSync(path.join(scratch, 'home-'));
    const result = await runSandboxed(probe, [], { cwd: target, home, limits: defaultSandboxLimits });
    expect(result.outcome).toBe('exited');
    const seen = JSON.parse(result.outcome === 'exited' ? result.stdout : '{}') as { env: object; cwd: string; home: string[]; interfaces: string[] };
    // Beside HOME and TMPDIR only Go runtime tuning, which changes what a build costs, not what it writes.
    expect(seen.env).toEqual({ HOME: home, TMPDIR: home, GOMAXPROCS: '1', GOGC: 'off', GOMEMLIMIT: String(defaultSandboxLimits.maxMemoryBytes / 4) });
    expect(seen.cwd).toBe(target);
    expect(seen.home).toEqual([]);
    if ((await detectConfinement()).network !== undefined) expect(seen.interfaces).toEqual(['lo']);
  });

  it('starts no git, ssh, shell, helm or docker from PATH, even for a kustomization that asks for them', async () => {
    const shims = path.join(scratch, 'shims');
    const log = path.join(scratch, 'shims.log');
    for (const name of ['git', 'ssh', 'sh', 'bash', 'helm', 'docker', 'kustomize']) {
      executable(path.join(shims, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\nexit 1\n`);
    }
    const remote = kustomization('asks-git', 'resources:\n  - deploy@example.com:org/repo.git//path?ref=v1\n  - ssh://git@example.com/org/repo.git\n');
    const helm = kustomization('asks-helm', 'helmCharts:\n  - name: chart\n    repo: https://example.com/charts\n    version: 1.0.0\n');
    const plugin = kustomization(
      'asks-docker',
      'transformers: [fn.yaml]\n',
      { 'fn.yaml': 'apiVersion: example.com/v1\nkind: Fn\nmetadata:\n  name: fn\n  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: example.com/fn:1\n        network: true\n' },
    );
    const savedPath = process.env.PATH;
    process.env.PATH = `${shims}${path.delimiter}${savedPath ?? ''}`;
    try {
      // The control: kustomize with the caller's environment runs the shims.
      await execFileAsync(kubectl.command, [...kubectl.args, remote]).catch(() => undefined);
      expect(readFileSync(log, 'utf8')).toContain('git ');
      rmSync(log);
      // Straight to the sandbox, past every check before it, with the flags that would run helm and docker.
      const home = mkdtempSync(path.join(scratch, 'home-'));
      const runs = [
        runSandboxed(kubectl.command, [...kubectl.args, remote], { cwd: remote, home, limits: defaultSandboxLimits }),
        runSandboxed(kubectl.command, [...kubectl.args, helm, '--enable-helm'], { cwd: helm, home, limits: defaultSandboxLimits }),
        runSandboxed(kubectl.command, [...kubectl.args, plugin, '--enable-alpha-plugins', '--network'], { cwd: plugin, home, limits: defaultSandboxLimits }),
      ];
      for (const result of await Promise.all(runs)) {
        expect(result.outcome === 'exited' && result.code).not.toBe(0);
      }
      expect(() => readFileSync(log, 'utf8')).toThrow(/ENOENT/);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('stops a target at the wall-clock limit, killing what it started, and renders the others', async () => {
    const marker = `3000.${process.pid}${Date.now() % 1000}`;
    // A fake kustomize: the slow target sleeps in a child process, the others are built for real.
    const fake = executable(
      path.join(scratch, 'bin', 'slow-kustomize'),
      `#!/bin/sh\ncase "$2" in\n  *slow*) /bin/sleep ${marker} & /bin/sleep ${marker} ;;\n  *) exec '${kubectl.command}' kustomize "$2" ;;\nesac\n`,
    );
    const slow = kustomization('slow', 'resources: []\n');
    const fine = kustomization('fine', 'resources: [cm.yaml]\n', { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n' });
    const started = Date.now();
    const [slowResult, fineResult] = await renderTargets(
      [path.relative(scratch, slow), path.relative(scratch, fine)],
      renderOptions({ ...kubectl, command: fake }, { ...defaultSandboxLimits, timeoutSeconds: 1 }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(slowResult?.failures[0]).toEqual({
      message: 'kustomize did not finish within render.timeoutSeconds (1 s) and was stopped',
      file: path.join(slow, 'kustomization.yaml'),
      line: 1,
      column: 1,
    });
    expect(fineResult?.failures).toEqual([]);
    expect(fineResult?.output).toContain('name: fine');
    // In a PID namespace the kill reaches the whole tree; give the kernel a moment to reap.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const left = processesWith(marker);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    if ((await detectConfinement()).network !== undefined) expect(left).toEqual([]);
  });

  it('without any isolation still stops at the wall clock, even when a child keeps the output open', async () => {
    const marker = `3001.${process.pid}${Date.now() % 1000}`;
    const fake = executable(path.join(scratch, 'bin', 'forking-kustomize'), `#!/bin/sh\n/bin/sleep ${marker} &\n/bin/sleep ${marker}\n`);
    const none = await probeConfinement([path.join(scratch, 'no-such-dir')]);
    const started = Date.now();
    const result = await runSandboxed(fake, [], { cwd: scratch, home: scratch, limits: { ...defaultSandboxLimits, timeoutSeconds: 0.5 }, confinement: none });
    expect(result.outcome).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    for (const pid of processesWith(marker)) process.kill(pid, 'SIGKILL');
  });

  it('stops a target at the output cap', async () => {
    const fake = executable(path.join(scratch, 'bin', 'loud-kustomize'), '#!/bin/sh\nexec /usr/bin/yes "apiVersion: v1"\n');
    const loud = kustomization('loud', 'resources: []\n');
    const [result] = await renderTargets([path.relative(scratch, loud)], renderOptions({ ...kubectl, command: fake }, { ...defaultSandboxLimits, maxOutputBytes: 65536 }));
    expect(result?.failures[0]?.message).toBe('kustomize wrote more than render.maxOutputBytes (65536 bytes) and was stopped');
    expect(result?.failures[0]?.line).toBe(1);
  });

  const aliasBomb = () => {
    const levels = ['  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 10; level++) levels.push(`  a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(',')}]`);
    return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.join('\n')}\n`;
  };

  it('refuses an alias bomb in a base at its line, before kustomize runs', async () => {
    const bomb = kustomization('bomb', 'resources: [cm.yaml]\n', { 'cm.yaml': aliasBomb() });
    const [result] = await renderTargets([path.relative(scratch, bomb)], renderOptions(kubectl));
    expect(result?.failures).toHaveLength(1);
    expect(result?.failures[0]).toMatchObject({ file: path.join(bomb, 'cm.yaml'), line: 10 });
    expect(result?.failures[0]?.message).toMatch(/alias expansion exceeds the limit/);
  });

  it('stops kustomize at the memory limit (what gets past the screen: kustomize expanding an alias bomb)', async () => {
    if ((await detectConfinement()).prlimit === undefined) return;
    const bomb = kustomization('bomb-unscreened', 'resources: [cm.yaml]\n', { 'cm.yaml': aliasBomb() });
    const home = mkdtempSync(path.join(tmpdir(), 'sandbox-home-'));
    try {
      const result = await runSandboxed(kubectl.command, [...kubectl.args, bomb], { cwd: bomb, home, limits: { ...defaultSandboxLimits, maxMemoryBytes: 1024 ** 3 } });
      expect(result.outcome).toBe('exited');
      expect(result.outcome === 'exited' && ranOutOfMemory(result.stderr)).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('choosing the kustomize binary', () => {
  async function withPath<T>(dirs: string[], run: () => Promise<T>): Promise<T> {
    const savedPath = process.env.PATH;
    process.env.PATH = dirs.join(path.delimiter);
    try {
      return await run();
    } finally {
      process.env.PATH = savedPath;
    }
  }
  const kubectlDir = () => path.dirname(kubectl.command);

  it('falls back to kubectl kustomize when the kustomize on PATH is not executable or fails `version`', async () => {
    const notExecutable = path.join(scratch, 'not-executable');
    mkdirSync(notExecutable, { recursive: true });
    writeFileSync(path.join(notExecutable, 'kustomize'), '#!/bin/sh\necho v9.9.9\n', { mode: 0o644 });
    const failing = path.dirname(executable(path.join(scratch, 'failing', 'kustomize'), '#!/bin/sh\nexit 3\n'));
    for (const dir of [notExecutable, failing]) {
      const found = await withPath([dir, kubectlDir()], () => findKustomize());
      expect(found.command).toBe(kubectl.command);
      expect(found.args).toEqual(['kustomize']);
    }
  });

  it('uses a working standalone kustomize by its absolute path, and skips PATH entries inside the repository', async () => {
    const standalone = executable(path.join(scratch, 'standalone', 'kustomize'), '#!/bin/sh\necho v5.4.3\n');
    const found = await withPath([path.dirname(standalone), kubectlDir()], () => findKustomize());
    expect(found).toMatchObject({ command: standalone, args: ['build'], version: 'v5.4.3' });
    const inRepo = await withPath([path.dirname(standalone), kubectlDir()], () => findKustomize({ repoRoot: scratch }));
    expect(inRepo.command).toBe(kubectl.command);
    const relative = await withPath(['.', kubectlDir()], () => findKustomize());
    expect(relative.command).toBe(kubectl.command);
  });

  it('never takes the command from the version cache', async () => {
    const cacheFile = path.join(scratch, 'kustomize-cache', 'version.json');
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const planted = path.join(scratch, 'planted-ran');
    const evil = executable(path.join(scratch, 'evil'), `#!/bin/sh\ntouch '${planted}'\n`);
    writeFileSync(cacheFile, JSON.stringify({ identity: 'any', binary: { command: evil, args: [], version: 'v5.5.0' }, [evil]: 'v5.5.0' }));
    const found = await findKustomize({ cacheFile });
    expect(found.command).toBe((await findKustomize()).command);
    await renderTargets(['overlays/dev/db'], { ...renderOptions(found), cwd: repoRoot });
    expect(() => readFileSync(planted)).toThrow(/ENOENT/);
  });

  it('is a usage error naming the kustomize that cannot run when there is no kubectl', async () => {
    const failing = path.join(scratch, 'failing');
    const error = await withPath([failing], () => findKustomize()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KustomizeNotFoundError);
    expect((error as Error).message).toContain(`${path.join(failing, 'kustomize')} cannot run`);
    expect((error as Error).message).toMatch(/install kustomize .* or kubectl/);
  });

  it('builds the repo targets as before inside the sandbox', async () => {
    const [result] = await renderTargets(['overlays/dev/db'], { ...renderOptions(kubectl), cwd: repoRoot });
    expect(result?.failures).toEqual([]);
    const { stdout } = await execFileAsync(kubectl.command, [...kubectl.args, path.join(repoRoot, 'overlays', 'dev', 'db')]);
    expect(result?.output).toBe(stdout);
  });
});
