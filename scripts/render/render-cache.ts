import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Bump when the cached data or the way it is produced changes. */
const cacheFormat = 3;

/**
 * Render outputs keyed by a hash of everything the build depends on: the content of every input
 * file, the kustomize version and the build options. Edit one base file and exactly the targets
 * that include it miss.
 */
export class RenderCache {
  constructor(private readonly dir: string) {}

  async key(inputFiles: readonly string[], kustomizeVersion: string, buildOptions: readonly string[]): Promise<string> {
    const hash = createHash('sha256');
    hash.update(JSON.stringify({ cacheFormat, kustomizeVersion, buildOptions }));
    for (const file of inputFiles) {
      const content = readOptional(file);
      hash.update(`\0${file}\0${content === undefined ? 'missing' : createHash('sha256').update(content).digest('hex')}`);
    }
    return hash.digest('hex');
  }

  async get(targetDir: string, mode: string, key: string): Promise<string | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.entryFile(targetDir, mode), 'utf8')) as { key?: string; output?: string };
      return entry.key === key && typeof entry.output === 'string' ? entry.output : undefined;
    } catch {
      return undefined;
    }
  }

  async set(targetDir: string, mode: string, key: string, output: string): Promise<void> {
    const file = this.entryFile(targetDir, mode);
    await mkdir(this.dir, { recursive: true });
    // Write then rename, so a concurrent run never reads half an entry.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ key, output }));
    await rename(temporary, file);
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
