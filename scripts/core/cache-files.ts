import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * The file's bytes, or undefined when it cannot be read (a cache entry that is not there yet).
 * Synchronous: cache entries are small local files, read on the way to the work they save.
 */
export function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file atomically: a temporary file, then a rename, so a concurrent run (or
 * worker thread) reads an old or a new entry, never half of one. A cache that cannot be written
 * only costs the work again next time, so failure is silent.
 */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${threadId}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
