import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** The largest input file read for a render (kustomization, resource, patch): the cache key reads them all. */
export const maxInputFileBytes = 8 * 1024 * 1024;

export type LocalPath =
  | { kind: 'directory' | 'file'; realPath: string }
  | { kind: 'refused'; reason: string };

/**
 * What a relative reference names, checked without opening it: it must exist, resolve (symlinks
 * followed) inside the real repository root, and be a directory or a regular file within the size
 * cap. A device, FIFO or socket is refused here, so no later step reads `/dev/zero` or blocks on a
 * pipe.
 */
export function inspectLocalPath(resolved: string, repoRealRoot: string): LocalPath {
  let realPath: string;
  try {
    realPath = realpathSync.native(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'refused', reason: code === 'ENOENT' ? 'does not exist' : `cannot be resolved (${code ?? 'error'})` };
  }
  if (!isInside(realPath, repoRealRoot)) return { kind: 'refused', reason: 'resolves (through a symlink) outside the repository' };
  const info = statSync(realPath, { throwIfNoEntry: false });
  if (info === undefined) return { kind: 'refused', reason: 'does not exist' };
  if (info.isDirectory()) return { kind: 'directory', realPath };
  if (!info.isFile()) return { kind: 'refused', reason: 'is not a regular file (a device, FIFO or socket)' };
  if (info.size > maxInputFileBytes) return { kind: 'refused', reason: `is larger than ${maxInputFileBytes} bytes` };
  return { kind: 'file', realPath };
}

/**
 * Reads a regular file of at most `maxInputFileBytes`, or says why not. Opened non-blocking and
 * checked again on the open descriptor, so a file swapped for a FIFO or device after
 * `inspectLocalPath` is still neither waited on nor read.
 */
export function readRegularFile(file: string): { bytes: Buffer } | { reason: string } {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const info = fstatSync(descriptor);
    if (!info.isFile()) return { reason: 'is not a regular file (a device, FIFO or socket)' };
    if (info.size > maxInputFileBytes) return { reason: `is larger than ${maxInputFileBytes} bytes` };
    const bytes = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(descriptor, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { bytes: bytes.subarray(0, filled) };
  } finally {
    closeSync(descriptor);
  }
}

export function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
