import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How the peak memory and CPU time of a child are read: GNU time's maximum resident set size
 * and user and system time (exact, from the kernel's rusage at exit), else polling the child's
 * VmHWM in /proc (may miss a peak in the last polling interval; no CPU time), else not at all.
 */
export type MemoryProbe = 'gnu-time' | 'proc-status' | 'none';

export interface MeasuredRun {
  wallMs: number;
  /** Resident set size high-water mark of the child, in bytes; null when not measurable. */
  peakRssBytes: number | null;
  /** User plus system CPU time of the child (and of any children it waited for), in seconds; null when not measurable. */
  cpuSeconds: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const gnuTime = '/usr/bin/time';
const pollIntervalMs = 20;

/** Children still running, so an interrupted benchmark can stop them (they run in their own process group). */
const running = new Set<ChildProcess>();

export function stopRunningChildren(): void {
  for (const child of running) killGroup(child);
}

export async function detectMemoryProbe(): Promise<MemoryProbe> {
  if (process.platform !== 'linux') return 'none';
  const probeDir = await mkdtemp(join(tmpdir(), 'bench-time-'));
  try {
    await access(gnuTime);
    const run = await runMeasured(process.execPath, ['-e', 'Buffer.alloc(32 * 1024 * 1024, 1)'], {
      cwd: process.cwd(),
      probe: 'gnu-time',
      timeoutMs: 20_000,
      scratchDir: probeDir,
    });
    // BusyBox and BSD time lack -f/-o; GNU time reports the maximum RSS in KB.
    if (run.exitCode === 0 && run.peakRssBytes !== null && run.peakRssBytes > 32 * 1024 * 1024 && run.cpuSeconds !== null) return 'gnu-time';
  } catch {
    // Not GNU time: fall back to /proc below.
  } finally {
    await rm(probeDir, { recursive: true, force: true });
  }
  try {
    await access('/proc/self/status');
    return 'proc-status';
  } catch {
    return 'none';
  }
}

/** Runs `command args` to completion, timing it from spawn to exit and reading its peak memory and CPU time. */
export async function runMeasured(
  command: string,
  args: readonly string[],
  options: { cwd: string; probe: MemoryProbe; timeoutMs: number; scratchDir: string; env?: NodeJS.ProcessEnv },
): Promise<MeasuredRun> {
  const timeFile = join(options.scratchDir, `time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const [file, argv] =
    options.probe === 'gnu-time' ? [gnuTime, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, [...args]];

  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

  let polledKb = 0;
  const pid = child.pid;
  const poller =
    options.probe === 'proc-status' && pid !== undefined
      ? setInterval(() => (polledKb = Math.max(polledKb, readHighWaterKb(pid))), pollIntervalMs)
      : undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, options.timeoutMs);

  const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, closeSignal) => resolve({ exitCode: code, signal: closeSignal }));
  }).finally(() => {
    clearTimeout(timer);
    if (poller) clearInterval(poller);
    running.delete(child);
  });
  const wallMs = performance.now() - started;

  let peakRssBytes: number | null = null;
  let cpuSeconds: number | null = null;
  if (options.probe === 'gnu-time') {
    const figures = await readFile(timeFile, 'utf8').then(parseTimeFigures, () => undefined);
    await rm(timeFile, { force: true });
    if (figures) ({ peakRssBytes, cpuSeconds } = figures);
  } else if (options.probe === 'proc-status' && polledKb > 0) {
    peakRssBytes = polledKb * 1024;
  }
  return {
    wallMs,
    peakRssBytes,
    cpuSeconds,
    exitCode,
    signal,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    timedOut,
  };
}

function readHighWaterKb(pid: number): number {
  try {
    // Synchronous on purpose: a tiny procfs read, and the child may be gone by the next tick.
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The last line of GNU time's output, `<max RSS KB> <user s> <system s>`; it writes "Command
 * exited with non-zero status 1" before it when the child fails.
 */
function parseTimeFigures(text: string): { peakRssBytes: number; cpuSeconds: number } | undefined {
  const lines = text.trim().split('\n');
  const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(lines[lines.length - 1]?.trim() ?? '');
  return match ? { peakRssBytes: Number(match[1]) * 1024, cpuSeconds: Number(match[2]) + Number(match[3]) } : undefined;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
