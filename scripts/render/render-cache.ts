import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Bump when the cached data or the way it is produced changes. */
const cacheFormat = 3;

/**
 * Render outputs keyed by a hash of everything the build depends on: the content of every input
 * file, the kustomize version and the build options. Edit one base file and exactly the targets
 * that include it miss. Synchronous: small local files, and a render slot must not wait on the
 * thread pool between one kustomize build and the next.
 */
export class RenderCache {
  constructor(private readonly dir: string) {}

  key(inputFiles: readonly string[], kustomizeVersion: string, buildOptions: readonly string[]): string {
    const hash = createHash('sha256');
    hash.update(JSON.stringify({ cacheFormat, kustomizeVersion, buildOptions }));
    for (const file of inputFiles) {
      const content = readOptional(file);
      hash.update(`\0${file}\0${content === undefined ? 'missing' : createHash('sha256').update(content).digest('hex')}`);
    }
    return hash.digest('hex');
  }

  get(targetDir: string, mode: string, key: string): string | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.entryFile(targetDir, mode), 'utf8')) as { key?: string; output?: string };
      return entry.key === key && typeof entry.output === 'string' ? entry.output : undefined;
    } catch {
      return undefined;
    }
  }

  set(targetDir: string, mode: string, key: string, output: string): void {
    const file = this.entryFile(targetDir, mode);
    // Write then rename, so a concurrent run never reads half an entry.
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temporary, JSON.stringify({ key, output }));
      renameSync(temporary, file);
    } catch {
      // A cache that cannot be written only costs the build again next time.
      rmSync(temporary, { force: true });
    }
  }

  /** One entry per target and mode (plain, or annotated with origins). */
  private entryFile(targetDir: string, mode: string): string {
    const id = createHash('sha256').update(`${mode}\0${path.resolve(targetDir)}`).digest('hex').slice(0, 24);
    return path.join(this.dir, `${id}.json`);
  }
}

/** Synchronously: many small local files, read once each per run. */
function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
