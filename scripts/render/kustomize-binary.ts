import { mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCacheFile, writeCacheFile } from '../core/cache-files.ts';
import { executableIn } from './executable.ts';
import { defaultSandboxLimits, runSandboxed } from './sandbox.ts';

/** How to invoke kustomize: `command [...args, targetDir, ...buildOptions]`. */
export interface KustomizeBinary {
  /** Absolute path, resolved from PATH in this run: never read from a cache. */
  command: string;
  /** Arguments that come before the target directory: `['build']` or `['kustomize']`. */
  args: string[];
  /** The kustomize version, e.g. `v5.5.0`, part of every render cache key. */
  version: string;
  /** What a person reads in verbose output: `kustomize v5.5.0 (kubectl kustomize, /usr/bin/kubectl)`. */
  description: string;
}

export class KustomizeNotFoundError extends Error {
  constructor(unusable: readonly string[]) {
    super(
      `${unusable.length === 0 ? 'neither `kustomize` nor `kubectl` was found on PATH' : `no usable kustomize: ${unusable.join('; ')}`}: ` +
        'install kustomize v5 (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, which embeds it',
    );
  }
}

interface Candidate {
  name: 'kustomize' | 'kubectl';
  versionArgs: string[];
  buildArgs: string[];
  readVersion: (output: string) => string;
}

const candidates: readonly Candidate[] = [
  { name: 'kustomize', versionArgs: ['version'], buildArgs: ['build'], readVersion: readKustomizeVersion },
  { name: 'kubectl', versionArgs: ['version', '--client', '-o', 'json'], buildArgs: ['kustomize'], readVersion: readKubectlKustomizeVersion },
];

/**
 * Finds the real kustomize, as Argo CD runs it: a standalone `kustomize` on PATH that answers
 * `version`, else the copy embedded in `kubectl`. The command is always the absolute path found
 * on PATH now; PATH entries that are relative or inside `repoRoot` are skipped, since a pull
 * request writes there. With `cacheFile`, a version string is remembered per binary identity
 * (real path, inode, size, times), sparing the probe; the cache never supplies a command.
 */
export async function findKustomize(options: { cacheFile?: string; repoRoot?: string } = {}): Promise<KustomizeBinary> {
  const cached = options.cacheFile === undefined ? {} : readCache(options.cacheFile);
  const unusable: string[] = [];
  for (const candidate of candidates) {
    const command = onPath(candidate.name, options.repoRoot);
    if (command === undefined) continue;
    const identity = binaryIdentity(command);
    let version = identity === undefined ? undefined : cached[identity];
    if (version === undefined) {
      const probed = await probeVersion(command, candidate.versionArgs);
      if (!probed.ok) {
        unusable.push(`${command} cannot run (${probed.reason})`);
        continue;
      }
      version = candidate.readVersion(probed.stdout);
      if (options.cacheFile !== undefined && identity !== undefined) {
        writeCacheFile(options.cacheFile, JSON.stringify({ ...cached, [identity]: version }));
      }
    }
    const via = candidate.name === 'kubectl' ? `kubectl kustomize, ${command}` : command;
    return { command, args: candidate.buildArgs, version, description: `kustomize ${version} (${via})` };
  }
  throw new KustomizeNotFoundError(unusable);
}

/** Version strings by binary identity; anything that is not a short version string is dropped. */
function readCache(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readCacheFile(file)?.toString('utf8') ?? '{}');
  } catch {
    return {};
  }
  const entries: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return entries;
  for (const [identity, version] of Object.entries(parsed)) {
    if (typeof version === 'string' && isVersionString(version)) entries[identity] = version;
  }
  return entries;
}

function isVersionString(text: string): boolean {
  return text === 'unknown' || /^v?\d+\.\d+\.\d+[\w.+-]{0,40}$/.test(text) || text === '(devel)';
}

/** The file a path names, as it is now: a replaced or rebuilt binary is a new identity. */
function binaryIdentity(command: string): string | undefined {
  try {
    const real = realpathSync(command);
    const info = statSync(real);
    return `${command}->${real}:${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/** The first executable regular file called `name` on PATH, skipping entries a repository controls. */
function onPath(name: string, repoRoot: string | undefined): string | undefined {
  const root = repoRoot === undefined ? undefined : path.resolve(repoRoot);
  const dirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => path.isAbsolute(dir) && (root === undefined || (dir !== root && !dir.startsWith(root + path.sep))));
  return executableIn(dirs, name);
}

/**
 * Runs `command version` as builds run it, in the sandbox: some kubectl builds (Google Cloud's
 * dispatcher) connect to the default API server to pick a version, which the sandbox keeps local.
 */
async function probeVersion(command: string, args: string[]): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  const home = mkdtempSync(path.join(tmpdir(), 'kustomize-probe-'));
  try {
    const limits = { ...defaultSandboxLimits, timeoutSeconds: 20, maxOutputBytes: 1024 * 1024 };
    const result = await runSandboxed(command, args, { cwd: home, home, limits });
    if (result.outcome === 'exited' && result.code === 0) return { ok: true, stdout: result.stdout };
    if (result.outcome !== 'exited') return { ok: false, reason: `\`${args.join(' ')}\` did not answer (${result.outcome})` };
    const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 200);
    return { ok: false, reason: `\`${args.join(' ')}\` failed${firstLine ? `: ${firstLine}` : ''}` };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function readKustomizeVersion(output: string): string {
  return /v?\d+\.\d+\.\d+[\w.+-]{0,40}/.exec(output)?.[0] ?? 'unknown';
}

function readKubectlKustomizeVersion(output: string): string {
  try {
    const parsed = JSON.parse(output) as { kustomizeVersion?: unknown };
    if (typeof parsed.kustomizeVersion === 'string' && isVersionString(parsed.kustomizeVersion)) return parsed.kustomizeVersion;
  } catch {
    // Older kubectl prints text; fall through to the pattern below.
  }
  const text = /Kustomize Version:\s*(\S+)/.exec(output)?.[1];
  return text !== undefined && isVersionString(text) ? text : 'unknown';
}

/** What the version check needs of a cluster profile (structural: the render stage imports no pipeline code). */
interface ProfileWithKustomize {
  environment: string;
  argocd?: { kustomizeVersion: string };
}

/**
 * A warning when the kustomize found here is not the minor release the profiles' Argo CD bundles:
 * between minors kustomize changes its output (field order, defaults, error texts), so a render
 * here may not be what Argo CD's repo-server applies. Undefined when they agree, when no valid
 * profile names a release, or when the binary's version is unknown (a development build).
 */
export function kustomizeVersionWarning(binary: KustomizeBinary, profiles: readonly ProfileWithKustomize[]): string | undefined {
  const found = minorOf(binary.version);
  if (found === undefined) return undefined;
  const differing = new Map<string, string[]>();
  for (const profile of profiles) {
    const wanted = profile.argocd?.kustomizeVersion;
    if (wanted === undefined || minorOf(wanted) === found) continue;
    differing.set(wanted, [...(differing.get(wanted) ?? []), profile.environment]);
  }
  if (differing.size === 0) return undefined;
  const named = [...differing].map(([version, environments]) => `${version} (${environments.join(', ')})`).join(', ');
  return (
    `${binary.description} differs in minor version from the kustomize the cluster profiles' Argo CD bundles, ${named}: ` +
    'renders here may differ from Argo CD\'s; run `npm run tools:kustomize` and put the directory it prints first on PATH'
  );
}

function minorOf(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)\.\d+/.exec(version);
  return match === null ? undefined : `${match[1]}.${match[2]}`;
}
