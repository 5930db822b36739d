import { createHash } from 'node:crypto';
import path from 'node:path';
import { KeyedCacheEntries } from '../core/cache-files.ts';
import { readFileIfPresent } from '../core/read-file.ts';

/** Bump when the cached data or the way it is produced changes. */
const cacheFormat = 6;

/**
 * Render outputs keyed by a hash of everything the build depends on: the content and place
 * (relative to the repository root) of every input file, the kustomize version and the build
 * options. Edit one base file and exactly the targets that include it miss; another checkout of
 * the same files hits. Entries are authenticated cache files (core/cache-files.ts) that also
 * record the key they were stored under, so an entry is used only for exactly those inputs.
 * Synchronous: small local files, and a render slot must not wait on the thread pool between
 * one kustomize build and the next.
 */
export class RenderCache {
  /** One entry per key: the head and the base of a change keep theirs side by side. */
  private readonly entries: KeyedCacheEntries<string>;

  constructor(dir: string) {
    this.entries = new KeyedCacheEntries(dir, maxEntries, (value): value is string => typeof value === 'string');
  }

  /**
   * The key of one build: paths relative to the repository root, so that the same files at the
   * same places give the same key in another checkout (the base of a pull request, rendered in
   * a work tree of its own, shares every target the change did not touch).
   */
  key(root: string, target: string, inputFiles: readonly string[], kustomizeVersion: string, buildOptions: readonly string[]): string {
    const hash = createHash('sha256');
    hash.update(JSON.stringify({ cacheFormat, kustomizeVersion, buildOptions, target: relativeTo(root, target) }));
    for (const file of inputFiles) {
      const content = readFileIfPresent(file);
      hash.update(`\0${relativeTo(root, file)}\0${content === undefined ? 'missing' : createHash('sha256').update(content).digest('hex')}`);
    }
    return hash.digest('hex');
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, output: string): void {
    this.entries.set(key, output);
  }
}

/** Targets of every checkout and revision in use, with room to spare. */
const maxEntries = 2000;

function relativeTo(root: string, file: string): string {
  // Input files are absolute paths under the root (the common case is a slice, not path.relative).
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const relative = file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(root, path.resolve(file));
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}
