import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, readCacheEntry, writeCacheEntry } from '../launch/trusted-cache.mjs';

export { CacheLocationError, assertOutside, untrustedReason } from '../launch/trusted-cache.mjs';
/** sha256 over the toolkit's own sources: part of the key of every cache whose content that code decides. */
export { sourceHash as toolkitSourceHash } from '../launch/source-hash.mjs';

/** Where one of the toolkit's caches lives: a folder of the cache directory outside the work tree. */
export function cacheDirectory(name: 'render' | 'validators' | 'verdicts' | 'kustomize' | 'base' | 'openapi'): string {
  return path.join(cacheRoot(), name);
}

/**
 * The payload of a cache entry this toolkit wrote, or undefined: missing, damaged, or not
 * authenticated by the key of the cache directory. Synchronous: cache entries are small local
 * files, read on the way to the work they save.
 */
export function readCacheFile(file: string): Buffer | undefined {
  return readCacheEntry(file);
}

/** Writes an authenticated cache entry atomically; a failure only costs the work again next time. */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  writeCacheEntry(file, content);
}

/**
 * Keeps a cache folder to at most `keep` entries (files ending in `extension`), with some slack
 * until the next call: beyond them, the least recently written go. Errors only cost a later prune.
 */
export function pruneOldestEntries(dir: string, keep: number, extension: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(extension));
  } catch {
    return;
  }
  if (names.length <= keep + pruneSlack) return;
  const byAge = names
    .map((name) => ({ name, mtime: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => a.mtime - b.mtime);
  for (const { name } of byAge.slice(0, names.length - keep)) rmSync(path.join(dir, name), { force: true });
}

const pruneSlack = 200;

/**
 * A cache folder of JSON entries, one per key (a sha256 in hex; the file is named by its first 32
 * digits), each recording the key it was stored under: a foreign, damaged or colliding entry reads
 * as a miss. Pruned to `maxEntries` once per process, on its first write. Synchronous, like every
 * cache read on the way to the work it saves.
 */
export class KeyedCacheEntries<T> {
  private pruned = false;

  constructor(
    private readonly dir: string,
    private readonly maxEntries: number,
    /** Whether what an entry holds has the shape this cache stores. */
    private readonly holdsValue: (value: unknown) => value is T,
  ) {}

  get(key: string): T | undefined {
    try {
      const entry = JSON.parse(readCacheFile(this.file(key))?.toString('utf8') ?? '') as { key?: unknown; value?: unknown };
      return entry.key === key && this.holdsValue(entry.value) ? entry.value : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: T): void {
    writeCacheFile(this.file(key), JSON.stringify({ key, value }));
    if (!this.pruned) pruneOldestEntries(this.dir, this.maxEntries, '.json');
    this.pruned = true;
  }

  private file(key: string): string {
    return path.join(this.dir, `${key.slice(0, 32)}.json`);
  }
}
