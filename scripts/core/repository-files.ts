import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** A file a pull request may not make the toolkit read: its reason, said to the person. */
export type RefusedFile = { refused: string };

/** Files the toolkit reads for itself (configuration, cluster profiles) stay this small. */
export const REPOSITORY_FILE_LIMIT = 4 * 1024 * 1024;

/**
 * Reads a file of the repository that the toolkit itself reads (not one kustomize reads), as a
 * pull request could have written it: only a regular file whose real path, symlinks followed,
 * is still inside the repository, and at most REPOSITORY_FILE_LIMIT bytes. A committed symlink
 * to /etc/shadow, a device or a FIFO is refused without being opened. Undefined: no such file.
 */
export function readRepositoryFile(file: string, repositoryRoot: string): Buffer | RefusedFile | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A dangling symlink is refused like any other; a missing file is simply missing.
      return isSymlink(file) ? { refused: 'is a symbolic link to nothing' } : undefined;
    }
    return { refused: code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read (${code ?? 'error'})` };
  }
  if (!isInside(real, realpathSync(repositoryRoot))) {
    return { refused: 'is a symbolic link to a file outside the repository' };
  }
  const info = lstatSync(real);
  if (!info.isFile()) return { refused: 'is not a regular file' };
  if (info.size > REPOSITORY_FILE_LIMIT) return { refused: `is larger than ${REPOSITORY_FILE_LIMIT} bytes` };
  return readFileSync(real);
}

export function isRefused(read: Buffer | RefusedFile | undefined): read is RefusedFile {
  return read !== undefined && !Buffer.isBuffer(read);
}

export function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
