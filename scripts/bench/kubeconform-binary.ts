import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchFailure, tail } from './failure.ts';

/** The newest release the Go module proxy served when this was pinned (`go list -m github.com/yannh/kubeconform@latest`). */
export const kubeconformVersion = 'v0.8.0';

const modulePackage = 'github.com/yannh/kubeconform/cmd/kubeconform';
const buildTimeoutMs = 600_000;

/**
 * The kubeconform binary of the pinned version, built from its Go module into
 * `.cache/tools/kubeconform-<version>/` the first time (at the lowest CPU priority, since the
 * machine is shared) and reused after.
 */
export async function ensureKubeconform(repoRoot: string, log: (line: string) => void): Promise<string> {
  const binDir = join(repoRoot, '.cache', 'tools', `kubeconform-${kubeconformVersion}`);
  const binary = join(binDir, 'kubeconform');
  if (await isExecutable(binary)) return binary;
  log(`building kubeconform ${kubeconformVersion} from its Go module into ${binDir}`);
  await new Promise<void>((resolve, reject) => {
    execFile(
      'nice',
      ['-n', '19', 'go', 'install', `${modulePackage}@${kubeconformVersion}`],
      { env: { ...process.env, GOBIN: binDir }, timeout: buildTimeoutMs, encoding: 'utf8' },
      (error, _stdout, stderr) =>
        error ? reject(new BenchFailure(`go install ${modulePackage}@${kubeconformVersion} failed: ${error.message}\n${tail(stderr)}`)) : resolve(),
    );
  });
  if (!(await isExecutable(binary))) throw new BenchFailure(`go install did not leave ${binary}`);
  return binary;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}
