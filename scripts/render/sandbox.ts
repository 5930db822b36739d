/**
 * Every kustomize process runs confined, whatever the checks before it decided: its environment
 * holds only HOME and TMPDIR, an empty private directory (no PATH, so no `git`, `ssh`, `helm`,
 * `docker` or shell can be looked up); it starts in the target directory and, where util-linux
 * allows, in its own network namespace with only a loopback that is down, under an
 * address-space limit. A wall clock and a cap on the bytes read bound every run.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { executableIn } from './executable.ts';
import path from 'node:path';

export interface SandboxLimits {
  /** Wall clock per process; on expiry it is killed, and in a PID namespace all it started. */
  timeoutSeconds: number;
  /** Bytes read from stdout, and separately from stderr, before the process is killed. */
  maxOutputBytes: number;
  /** Address space (RLIMIT_AS) of the process, where `prlimit` exists. */
  maxMemoryBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  timeoutSeconds: 60,
  maxOutputBytes: 64 * 1024 * 1024,
  // Go reserves about 700 MiB of address space at start, so kustomize needs 1 GiB to run at all;
  // at 2 GiB an alias bomb dies after about 5 s with under 1 GB resident (measured, kustomize 5.5).
  maxMemoryBytes: 2 * 1024 * 1024 * 1024,
};

/** How processes are confined on this machine, found out once per run of the toolkit. */
export interface Confinement {
  /** `unshare` and its flags, or none when no network namespace could be set up. */
  network: { command: string; flags: readonly string[] } | undefined;
  /** Absolute path of util-linux `prlimit`, when it can set the address-space limit. */
  prlimit: string | undefined;
  /** What `--verbose` prints. */
  description: string;
  /** What the user is told without `--verbose`: the protections that could not be set up. */
  warnings: string[];
}

export type SandboxResult =
  | { outcome: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { outcome: 'timeout'; stderr: string }
  | { outcome: 'output-limit'; stderr: string };

// Root in the initial user namespace may create a network namespace directly; anyone else needs
// a user namespace first. A new PID namespace whose first process is kustomize makes killing it
// kill everything it started, even what left its process group.
const networkCandidates: readonly (readonly string[])[] = [
  ['--net', '--pid', '--fork', '--kill-child'],
  ['--user', '--map-root-user', '--net', '--pid', '--fork', '--kill-child'],
];

/** Where util-linux tools are taken from: the system's own directories, not PATH. */
const defaultSystemDirs = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

let confinement: Promise<Confinement> | undefined;

/** The confinement in force, probed on first use and kept in memory (never in a file). */
export function detectConfinement(): Promise<Confinement> {
  confinement ??= probeConfinement();
  return confinement;
}

/** The first of the network namespace setups that works here. */
async function networkConfinement(unshare: string): Promise<Confinement['network']> {
  for (const flags of networkCandidates) {
    // The probe runs unshare itself inside the namespace: no other program is needed.
    if (await succeeds(unshare, [...flags, '--', unshare, '--version'])) return { command: unshare, flags };
  }
  return undefined;
}

/** Finds out what confinement works, with util-linux tools from `systemDirs`. */
export async function probeConfinement(systemDirs: readonly string[] = defaultSystemDirs): Promise<Confinement> {
  const unshare = systemTool('unshare', systemDirs);
  const prlimitTool = systemTool('prlimit', systemDirs);
  const warnings: string[] = [];
  // The two probes run side by side: each is a process start, and the first build waits on both.
  const [network, prlimitUsable] = await Promise.all([
    unshare === undefined ? undefined : networkConfinement(unshare),
    prlimitTool !== undefined && succeeds(prlimitTool, [`--as=${defaultSandboxLimits.maxMemoryBytes}`, '--', prlimitTool, '--version']),
  ]);
  if (network === undefined) {
    warnings.push(
      unshare === undefined
        ? 'kustomize runs without network isolation: util-linux `unshare` was not found'
        : 'kustomize runs without network isolation: `unshare` could not create a network namespace here',
    );
  }
  const prlimit = prlimitUsable ? prlimitTool : undefined;
  if (prlimit === undefined) warnings.push('kustomize runs without a memory limit: util-linux `prlimit` is not usable here');
  const parts = [
    'empty environment (HOME and TMPDIR an empty private directory, no PATH; Go runtime settings GOMAXPROCS=1, GOGC=off, GOMEMLIMIT)',
    network === undefined ? 'no network isolation' : `own network namespace (unshare ${network.flags.join(' ')})`,
    prlimit === undefined ? 'no memory limit' : 'address-space limit (prlimit --as)',
  ];
  return { network, prlimit, description: parts.join(', '), warnings };
}

let reported = false;

/**
 * Says once per run which confinement is in force (`log`, for `--verbose`), and warns about each
 * protection that could not be set up (`warn`, seen without `--verbose`).
 */
export async function reportConfinement(log: (line: string) => void, warn: (line: string) => void): Promise<void> {
  const found = await detectConfinement();
  if (reported) return;
  reported = true;
  log(`kustomize sandbox: ${found.description}`);
  for (const warning of found.warnings) warn(warning);
}

/**
 * Runs `command args` (an absolute path) in `cwd` with `home` as HOME and TMPDIR (what kustomize
 * writes, such as Helm's scratch folders, stays in the caller's private directory), confined as
 * `detectConfinement` found possible (or as `confinement` says), bounded by `limits`. Never
 * rejects for the process's own failure.
 */
/**
 * Go runtime settings for kustomize, which changes nothing it writes, only what a build costs. The
 * pool already runs one build per CPU, so one Go thread each (GOMAXPROCS=1) instead of every build
 * spreading over all CPUs; and a build is short-lived, so the collector runs only when the heap
 * nears a quarter of the address-space limit (GOGC=off with GOMEMLIMIT) instead of every time it
 * doubles. Measured on this repo's 18 targets, one after another on 2 CPUs: 1.6 CPU-seconds with
 * Go's defaults, 0.95 with GOMAXPROCS=1, 0.8 with both.
 */
export function goRuntimeSettings(limits: SandboxLimits): NodeJS.ProcessEnv {
  return { GOMAXPROCS: '1', GOGC: 'off', GOMEMLIMIT: String(Math.floor(limits.maxMemoryBytes / 4)) };
}

export async function runSandboxed(
  command: string,
  args: readonly string[],
  options: { cwd: string; home: string; limits: SandboxLimits; confinement?: Confinement; remoteBases?: RemoteBaseAccess },
): Promise<SandboxResult> {
  const { network, prlimit } = options.confinement ?? (await detectConfinement());
  // Remote bases the configuration allows need the network and git: the one relaxation, made
  // only for the targets that name such a base (their hosts were checked before this).
  const namespaces = options.remoteBases === undefined ? network?.flags : network?.flags.filter((flag) => flag !== '--net');
  const argv = [
    ...(prlimit === undefined ? [] : [prlimit, `--as=${options.limits.maxMemoryBytes}`, '--']),
    ...(network === undefined || namespaces === undefined ? [] : [network.command, ...namespaces, '--']),
    command,
    ...args,
  ];
  const env: NodeJS.ProcessEnv = { HOME: options.home, TMPDIR: options.home, ...goRuntimeSettings(options.limits) };
  if (options.remoteBases !== undefined) env.PATH = options.remoteBases.pathDir;
  const [program = command, ...rest] = argv;
  return new Promise((resolve) => {
    // In a PID namespace, killing unshare kills kustomize (--kill-child) and with it everything in
    // the namespace. Without one only kustomize is killed: with no PATH and only allowed options it
    // starts nothing. It stays in this process group either way, so Ctrl-C reaches it.
    const child = spawn(program, rest, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const read = { stdout: 0, stderr: 0 };
    let stopped: 'timeout' | 'output-limit' | undefined;
    const stop = (why: 'timeout' | 'output-limit') => {
      stopped ??= why;
      kill(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), options.limits.timeoutSeconds * 1000);
    const collect = (stream: 'stdout' | 'stderr', into: Buffer[]) => (chunk: Buffer) => {
      if (stopped !== undefined) return;
      read[stream] += chunk.length;
      if (read[stream] > options.limits.maxOutputBytes) stop('output-limit');
      else into.push(chunk);
    };
    child.stdout.on('data', collect('stdout', stdout));
    child.stderr.on('data', collect('stderr', stderr));
    const finish = (result: SandboxResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    child.on('error', (error) => finish({ outcome: 'exited', code: null, signal: null, stdout: '', stderr: error.message }));
    // A stopped process is done when it exits, even if something it started still holds a pipe.
    child.on('exit', () => {
      if (stopped === undefined) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish({ outcome: stopped, stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.on('close', (code, signal) => {
      const errorText = Buffer.concat(stderr).toString('utf8');
      if (stopped !== undefined) finish({ outcome: stopped, stderr: errorText });
      else finish({ outcome: 'exited', code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: errorText });
    });
  });
}

function kill(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Whether Go's runtime gave up for want of memory: what hitting the address-space limit looks like. */
export function ranOutOfMemory(stderr: string): boolean {
  return /^fatal error: (runtime: )?out of memory/m.test(stderr);
}

function succeeds(command: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { env: {}, timeout: 10_000 }, (error) => resolve(error === null));
  });
}

/**
 * util-linux tools from the system's own directories, not from PATH: they wrap every kustomize
 * process, so they are taken from where the operating system installs them.
 */
/** A PATH holding only git, for a kustomize that clones an allowed remote base over https. */
export interface RemoteBaseAccess {
  pathDir: string;
}

/**
 * Makes `<home>/bin` with a link to the system's git and nothing else (no ssh: scp-style and
 * ssh bases cannot be fetched), or undefined when the system has no git.
 */
export function remoteBaseAccess(home: string, systemDirs: readonly string[] = defaultSystemDirs): RemoteBaseAccess | undefined {
  const git = systemTool('git', systemDirs);
  if (git === undefined) return undefined;
  const pathDir = path.join(home, 'bin');
  mkdirSync(pathDir, { mode: 0o700 });
  symlinkSync(git, path.join(pathDir, 'git'));
  return { pathDir };
}

function systemTool(name: string, systemDirs: readonly string[]): string | undefined {
  return executableIn(systemDirs, name);
}
