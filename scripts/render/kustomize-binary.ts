import { execFile } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { readOptional, writeCacheFile } from '../core/cache-files.ts';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** How to invoke kustomize: `command [...args, targetDir, ...buildOptions]`. */
export interface KustomizeBinary {
  command: string;
  /** Arguments that come before the target directory: `['build']` or `['kustomize']`. */
  args: string[];
  /** The kustomize version, e.g. `v5.5.0`, part of every render cache key. */
  version: string;
  /** What a person reads in verbose output: `kustomize v5.5.0 (kubectl kustomize)`. */
  description: string;
}

export class KustomizeNotFoundError extends Error {
  constructor() {
    super(
      'neither `kustomize` nor `kubectl` was found on PATH: install kustomize v5 ' +
        '(https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, which embeds it',
    );
  }
}

/**
 * Finds the real kustomize, as Argo CD runs it: a standalone `kustomize` binary on PATH when
 * there is one, else the copy embedded in `kubectl`. Asking a binary for its version costs a
 * process start; with `cacheFile`, the answer is kept for as long as the binary on PATH is the
 * same file (path, size, modification time).
 */
export async function findKustomize(options: { cacheFile?: string } = {}): Promise<KustomizeBinary> {
  if (options.cacheFile === undefined) return detectKustomize();
  const identity = binaryIdentity();
  const cached = readCache(options.cacheFile);
  if (cached?.identity === identity && cached.binary !== undefined) return cached.binary;
  const binary = await detectKustomize();
  writeCacheFile(options.cacheFile, JSON.stringify({ identity, binary }));
  return binary;
}

function readCache(file: string): { identity?: string; binary?: KustomizeBinary } | undefined {
  try {
    return JSON.parse(readOptional(file)?.toString('utf8') ?? '') as { identity?: string; binary?: KustomizeBinary };
  } catch {
    return undefined;
  }
}

/**
 * Which kustomize and kubectl files PATH resolves to, as they are now. Synchronous: a few
 * dozen tiny file-system calls, each a thread-pool round trip if asynchronous.
 */
function binaryIdentity(): string {
  const parts: string[] = [];
  for (const name of ['kustomize', 'kubectl']) {
    const file = onPath(name);
    const info = file === undefined ? undefined : statSync(file, { throwIfNoEntry: false });
    parts.push(file === undefined || info === undefined ? `${name}:-` : `${name}:${file}:${info.size}:${info.mtimeMs}`);
  }
  return parts.join('|');
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return realpathSync(candidate);
    } catch {
      // Not here (or not executable): the next PATH entry.
    }
  }
  return undefined;
}

async function detectKustomize(): Promise<KustomizeBinary> {
  const standalone = await versionOf('kustomize', ['version']);
  if (standalone !== undefined) {
    const version = /v?\d+\.\d+\.\d+/.exec(standalone)?.[0] ?? standalone.trim();
    return { command: 'kustomize', args: ['build'], version, description: `kustomize ${version}` };
  }
  const kubectl = await versionOf('kubectl', ['version', '--client', '-o', 'json']);
  if (kubectl !== undefined) {
    const version = readKubectlKustomizeVersion(kubectl);
    return {
      command: 'kubectl',
      args: ['kustomize'],
      version,
      description: `kustomize ${version} (kubectl kustomize)`,
    };
  }
  throw new KustomizeNotFoundError();
}

function readKubectlKustomizeVersion(output: string): string {
  try {
    const parsed = JSON.parse(output) as { kustomizeVersion?: string };
    if (parsed.kustomizeVersion) return parsed.kustomizeVersion;
  } catch {
    // Older kubectl prints text; fall through to the pattern below.
  }
  return /Kustomize Version:\s*(\S+)/.exec(output)?.[1] ?? 'unknown';
}

async function versionOf(command: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: 20_000 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // The binary exists but `version` failed: still usable for builds; version unknown.
    const stdout = (error as { stdout?: string }).stdout;
    return stdout && stdout.length > 0 ? stdout : 'unknown';
  }
}
