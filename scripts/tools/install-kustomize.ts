/**
 * `npm run tools:kustomize`: builds the kustomize release the cluster profiles' Argo CD bundles
 * from its Go module into `kustomize/kustomize-<version>/` of the toolkit's cache directory
 * (once; later runs find it there) and prints that directory, to put first on PATH. Progress and
 * problems go to stderr. Exit 0 when the binary is there, 1 when the build fails, 2 when the
 * profiles name no usable version, the cache directory cannot be trusted or Go is missing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertOutside, CacheLocationError, cacheDirectory, untrustedReason } from '../core/cache-files.ts';
import { loadClusterProfiles } from '../pipeline/environments.ts';
import { kustomizeToolDir, profileKustomize } from './profile-kustomize.ts';

const modulePackage = 'sigs.k8s.io/kustomize/kustomize/v5';
const buildTimeoutMs = 600_000;

class UsageError extends Error {}

async function main(): Promise<void> {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const { profiles, findings } = loadClusterProfiles(repoRoot, (absolute) => path.relative(repoRoot, absolute));
  if (findings.length > 0) {
    const lines = findings.map((finding) => `${finding.at ? `${finding.at.file}:${finding.at.line}:${finding.at.column} ` : ''}${finding.message}`);
    throw new UsageError(`the cluster profiles do not validate, so the kustomize release is not known:\n${lines.join('\n')}`);
  }
  const wanted = profileKustomize(profiles);
  if (wanted === undefined) throw new UsageError('no cluster profile under clusters/ names argocd.kustomizeVersion');
  const distinct = new Set(wanted.byEnvironment.values());
  if (distinct.size > 1) {
    const each = [...wanted.byEnvironment].map(([environment, version]) => `${environment} ${version}`).join(', ');
    process.stderr.write(`the cluster profiles name different kustomize releases (${each}): installing the newest, ${wanted.version}\n`);
  }

  trustCacheDirectory(repoRoot);
  const binDir = kustomizeToolDir(wanted.version);
  const binary = path.join(binDir, 'kustomize');
  if (!isExecutable(binary)) await build(wanted.version, binDir);
  const reported = execFileSync(binary, ['version'], { encoding: 'utf8' }).trim();
  if (!reported.includes(wanted.version)) throw new Error(`${binary} reports "${reported}", not ${wanted.version}: remove ${binDir} and run again`);
  process.stdout.write(`${binDir}\n`);
}

/** `go install` into a scratch directory renamed into place, so an interrupted build never looks finished. */
async function build(version: string, binDir: string): Promise<void> {
  const scratch = `${binDir}.partial-${process.pid}`;
  process.stderr.write(`building kustomize ${version} from ${modulePackage} into ${binDir} (nice -n 19)\n`);
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      // The lowest CPU priority: the machine is shared with other builds and test runs.
      execFile('nice', ['-n', '19', 'go', 'install', `${modulePackage}@${version}`], { env: { ...process.env, GOBIN: scratch }, timeout: buildTimeoutMs, encoding: 'utf8' }, (error, _stdout, stderr) => {
        if (error === null) return resolve();
        // ENOENT: no `nice`; 127: `nice` found no `go`.
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT' || code === 127) return reject(new UsageError('`nice` or `go` is not on PATH: install Go to build kustomize'));
        reject(new Error(`go install ${modulePackage}@${version} failed: ${error.message}\n${stderr.split('\n').slice(-20).join('\n')}${toolchainHint(stderr)}`));
      });
    });
    rmSync(binDir, { recursive: true, force: true });
    await rename(scratch, binDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stderr.write(`built kustomize ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/** Another user who can write the cache directory could leave a binary there for us to run. */
function trustCacheDirectory(repoRoot: string): void {
  try {
    assertOutside(cacheDirectory('kustomize'), [repoRoot]);
  } catch (error) {
    if (error instanceof CacheLocationError) throw new UsageError(error.message);
    throw error;
  }
  const untrusted = untrustedReason();
  if (untrusted !== undefined) throw new UsageError(`kustomize is not installed into an untrusted cache directory: ${untrusted}`);
}

/** A release whose go.mod asks for a newer Go than this machine's: the one approved way is GOTOOLCHAIN. */
function toolchainHint(stderr: string): string {
  return /requires go >= |toolchain not available/.test(stderr)
    ? '\nthis release needs a newer Go: run again with GOTOOLCHAIN=go1.27.3 exported (the go command fetches that toolchain from the module proxy)'
    : '';
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tools:kustomize: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
