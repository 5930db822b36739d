import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The first executable regular file called `name` in `dirs`, in order. */
export function executableIn(dirs: readonly string[], name: string): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this directory (or not executable).
    }
  }
  return undefined;
}
