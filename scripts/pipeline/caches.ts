import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertOutside, cacheDirectory, untrustedReason } from '../core/cache-files.ts';

const toolkitRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Whether the caches can be used: never from inside the repository (a pull request writes
 * there; that is a usage error), and not when the cache directory cannot be trusted (then the
 * run goes on without caches and says why).
 */
export function cachesUsable(cwd: string, log: (line: string) => void): boolean {
  assertOutside(cacheDirectory('render'), [cwd, toolkitRoot]);
  const reason = untrustedReason();
  if (reason === undefined) return true;
  process.emitWarning(`caches are off for this run: ${reason}`);
  log(`caches off: ${reason}`);
  return false;
}
