import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceFile } from '../load/index.ts';

/**
 * Source files read on demand, once each, for locating findings. Only objects with a finding
 * ever cause a read, so the happy path pays nothing.
 */
export class SourceFiles {
  private readonly files = new Map<string, SourceFile | null>();

  constructor(private readonly cwd: string) {}

  /** The parsed file, or undefined when it cannot be read. */
  get(absolutePath: string): SourceFile | undefined {
    let file = this.files.get(absolutePath);
    if (file === undefined) {
      try {
        file = new SourceFile(this.display(absolutePath), readFileSync(absolutePath, 'utf8'), { parser: 'fast' });
      } catch {
        file = null;
      }
      this.files.set(absolutePath, file);
    }
    return file ?? undefined;
  }

  /** A path as a person types it: relative to the working directory, with forward slashes. */
  display(absolutePath: string): string {
    const relative = path.relative(this.cwd, absolutePath);
    return (relative === '' ? '.' : relative).split(path.sep).join('/');
  }
}
