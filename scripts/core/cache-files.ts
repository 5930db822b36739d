import path from 'node:path';
import { cacheRoot, readCacheEntry, writeCacheEntry } from '../launch/trusted-cache.mjs';

export { CacheLocationError, assertOutside, untrustedReason } from '../launch/trusted-cache.mjs';

/** Where one of the toolkit's caches lives: a folder of the cache directory outside the work tree. */
export function cacheDirectory(name: 'render' | 'validators' | 'kustomize' | 'base'): string {
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
