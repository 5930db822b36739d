import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartedProcess {
  readonly pid: number;
  readonly binary: string;
  readonly log: string;
}

/**
 * Starts a server that outlives this command: detached, its output appended to a log file,
 * not waited for. `stop` finds it again by the pid in the state file.
 */
export function startDetached(binary: string, args: string[], log: string): StartedProcess {
  const output = openSync(log, 'a');
  try {
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', output, output] });
    if (child.pid === undefined) throw new Error(`${binary} did not start`);
    child.unref();
    return { pid: child.pid, binary, log };
  } finally {
    closeSync(output);
  }
}

/** The command line of a process, or undefined when it is gone (a zombie has none either). */
function commandLine(pid: number): string[] | undefined {
  const procFile = `/proc/${pid}/cmdline`;
  if (existsSync('/proc/self/cmdline')) {
    try {
      const args = readFileSync(procFile, 'utf8').split('\0').filter((arg) => arg !== '');
      return args.length > 0 ? args : undefined;
    } catch {
      return undefined;
    }
  }
  const result = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  const line = result.status === 0 ? result.stdout.trim() : '';
  return line === '' ? undefined : line.split(/\s+/);
}

/**
 * True when pid is still a process we started: the same binary, and an argument inside our data
 * directory. A pid from an old state file may since belong to anything; that one is never ours.
 */
export function isOurs(started: StartedProcess, dataDir: string): boolean {
  const args = commandLine(started.pid);
  return args !== undefined && args[0] === started.binary && args.some((arg) => arg.includes(dataDir));
}

/** Stops one of our processes: SIGTERM, then SIGKILL if it has not exited after the grace period. */
export async function stopProcess(started: StartedProcess, dataDir: string, graceMs = 15_000): Promise<void> {
  if (!isOurs(started, dataDir)) return;
  process.kill(started.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    if (!isOurs(started, dataDir)) return;
  }
  process.kill(started.pid, 'SIGKILL');
  while (isOurs(started, dataDir)) await sleep(100);
}

/** The last lines of a log, for a failure message. */
export function logTail(log: string, lines = 20): string {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
