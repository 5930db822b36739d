import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadManifests, readSourceFile } from '../load/index.ts';
import { validateNative } from '../validate/native/index.ts';

/** Built-in API groups of the corpus (its custom resources are the Argo CD and External Secrets ones). */
const customGroups = new Set(['argoproj.io', 'external-secrets.io']);

/**
 * The time the API server's hand-written rules take on a corpus, in this process, best of
 * `rounds` after a warm-up: the share of the command's run they account for (the bound is
 * 15 %), measured beside the command's own runs in the same benchmark.
 */
export async function measureNativeValidation(dir: string, kubernetesVersion: string, rounds = 3): Promise<{ objects: number; bestMs: number }> {
  const objects: unknown[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const source = readSourceFile(file, file);
    if (source instanceof Error) continue;
    for (const loaded of loadManifests(source).entries) objects.push(loaded.object);
  }
  const run = () => {
    for (const object of objects) {
      const declared = (object as { apiVersion?: unknown }).apiVersion;
      const apiVersion = typeof declared === 'string' ? declared : '';
      validateNative(object, kubernetesVersion, { customResource: customGroups.has(apiVersion.split('/')[0] ?? '') });
    }
  };
  run();
  let bestMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    run();
    bestMs = Math.min(bestMs, performance.now() - started);
  }
  return { objects: objects.length, bestMs };
}
