import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ControlPlaneFailure } from './failure.ts';
import { requireGo } from './go-toolchain.ts';
import { binaryDir, binaryPaths, goModuleDir, type Pins } from './pins.ts';

const buildRecordName = 'versions.json';

/** True when the binaries in the version's directory were built from exactly these pins. */
export function isBuilt(pins: Pins): boolean {
  const { kubeApiserver, etcd } = binaryPaths(pins);
  const recordPath = join(binaryDir(pins), buildRecordName);
  if (!existsSync(kubeApiserver) || !existsSync(etcd) || !existsSync(recordPath)) return false;
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as Partial<Pins>;
  return record.kubernetes === pins.kubernetes && record.etcd === pins.etcd;
}

/** The -X flags Kubernetes' own build (hack/lib/version.sh) sets, so /version reports the real release. */
function versionLdflags(kubernetes: string): string {
  const [major, minor] = kubernetes.replace(/^v/, '').split('.');
  const values: Record<string, string> = {
    gitVersion: kubernetes,
    gitMajor: major ?? '',
    gitMinor: minor ?? '',
    gitTreeState: 'clean',
  };
  return Object.entries(values)
    .flatMap(([key, value]) => [
      `-X k8s.io/component-base/version.${key}=${value}`,
      `-X k8s.io/client-go/pkg/version.${key}=${value}`,
    ])
    .join(' ');
}

/** The build takes every core for minutes; at the lowest priority it leaves a shared machine usable. */
function lowPriority(command: string[]): string[] {
  const hasNice = !spawnSync('nice', ['-n', '19', 'true']).error;
  return hasNice ? ['nice', '-n', '19', ...command] : command;
}

/** Reports how far `go build -v` got: one rewritten line on a terminal, a line every 30 s otherwise. */
function progressReporter(): { packageBuilt(name: string): void; done(): void } {
  const terminal = process.stderr.isTTY === true;
  let count = 0;
  let last = '';
  let lastPrinted = 0;
  return {
    packageBuilt(name) {
      count += 1;
      last = name;
      const now = Date.now();
      if (terminal) {
        const line = `  compiled ${count} packages: ${last}`;
        process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 100) - 1).padEnd(79)}`);
      } else if (now - lastPrinted >= 30_000) {
        lastPrinted = now;
        process.stderr.write(`  compiled ${count} packages (latest: ${last})\n`);
      }
    },
    done() {
      if (terminal && count > 0) process.stderr.write('\n');
      process.stderr.write(count > 0 ? `  compiled ${count} packages\n` : '  every package came from the Go build cache; linking\n');
    },
  };
}

/**
 * Builds kube-apiserver and etcd from the pinned Go modules into .cache/control-plane/<version>/,
 * unless they are there already. Writes into a scratch directory first so that an interrupted
 * build never looks finished. Returns how long the build took, or undefined when nothing was built.
 */
export async function buildIfMissing(pins: Pins): Promise<number | undefined> {
  if (isBuilt(pins)) return undefined;
  const goVersion = requireGo(pins);
  const target = binaryDir(pins);
  const scratch = `${target}.partial-${process.pid}`;
  process.stderr.write(
    `Building kube-apiserver ${pins.kubernetes} and etcd ${pins.etcd} with Go ${goVersion} into ${target}\n` +
      '  (the first build compiles about 2,000 packages and takes many minutes; later builds reuse the Go build cache)\n',
  );
  const started = Date.now();
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const [command, ...args] = lowPriority([
    'go',
    'build',
    '-v',
    '-trimpath',
    '-ldflags',
    versionLdflags(pins.kubernetes),
    '-o',
    `${scratch}/`,
    'k8s.io/kubernetes/cmd/kube-apiserver',
    './etcd',
  ]);
  const progress = progressReporter();
  const problems: string[] = [];
  const exitCode = await new Promise<number | null>((resolveExit, rejectExit) => {
    // Static binaries, as Kubernetes releases kube-apiserver: no C toolchain needed.
    const child = spawn(command!, args, { cwd: goModuleDir, env: { ...process.env, CGO_ENABLED: '0' }, stdio: ['ignore', 'inherit', 'pipe'] });
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        // -v prints one import path per compiled package; anything else is the compiler talking.
        if (/^[\w.~-]+(\/[\w.~-]+)*$/.test(line)) progress.packageBuilt(line);
        else if (line.trim() !== '') problems.push(line);
      }
    });
    child.on('error', rejectExit);
    child.on('close', (code) => {
      if (pending.trim() !== '') problems.push(pending);
      resolveExit(code);
    });
  });
  progress.done();
  if (exitCode !== 0) {
    await rm(scratch, { recursive: true, force: true });
    throw new ControlPlaneFailure(`go build failed (exit ${exitCode}) in ${goModuleDir}:\n${problems.slice(-30).join('\n')}`);
  }
  await writeFile(join(scratch, buildRecordName), `${JSON.stringify({ kubernetes: pins.kubernetes, etcd: pins.etcd, go: goVersion }, null, 2)}\n`);
  await rm(target, { recursive: true, force: true });
  await rename(scratch, target);
  const elapsed = Date.now() - started;
  process.stderr.write(`Built in ${(elapsed / 1000).toFixed(0)} s\n`);
  return elapsed;
}
