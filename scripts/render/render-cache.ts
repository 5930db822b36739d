import { createHash } from 'node:crypto';
import path from 'node:path';
import { readCacheFile, writeCacheFile } from '../core/cache-files.ts';
import { readFileIfPresent } from '../core/read-file.ts';

/** Bump when the cached data or the way it is produced changes. */
const cacheFormat = 4;

/**
 * Render outputs keyed by a hash of everything the build depends on: the content of every input
 * file, the kustomize version and the build options. Edit one base file and exactly the targets
 * that include it miss. Entries are authenticated cache files (core/cache-files.ts) that also
 * record the key they were stored under, so an entry is used only for exactly those inputs.
 * Synchronous: small local files, and a render slot must not wait on the thread pool between
 * one kustomize build and the next.
 */
export class RenderCache {
  constructor(private readonly dir: string) {}

  key(inputFiles: readonly string[], kustomizeVersion: string, buildOptions: readonly string[]): string {
    const hash = createHash('sha256');
    hash.update(JSON.stringify({ cacheFormat, kustomizeVersion, buildOptions }));
    for (const file of inputFiles) {
      const content = readFileIfPresent(file);
      hash.update(`\0${file}\0${content === undefined ? 'missing' : createHash('sha256').update(content).digest('hex')}`);
    }
    return hash.digest('hex');
  }

  get(targetDir: string, mode: string, key: string): string | undefined {
    try {
      const entry = JSON.parse(readCacheFile(this.entryFile(targetDir, mode))?.toString('utf8') ?? '') as { key?: string; output?: string };
      return entry.key === key && typeof entry.output === 'string' ? entry.output : undefined;
    } catch {
      return undefined;
    }
  }

  set(targetDir: string, mode: string, key: string, output: string): void {
    writeCacheFile(this.entryFile(targetDir, mode), JSON.stringify({ key, output }));
  }

  /** One entry per target and mode (plain, or annotated with origins). */
  private entryFile(targetDir: string, mode: string): string {
    const id = createHash('sha256').update(`${mode}\0${path.resolve(targetDir)}`).digest('hex').slice(0, 24);
    return path.join(this.dir, `${id}.json`);
  }
}
