import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirectory, readCacheFile, toolkitSourceHash, writeCacheFile } from '../core/cache-files.ts';
import { CRDS_DIR, GENERATOR_VERSION, INDEX_FILE, KUBERNETES_DIR, type KubernetesIndex, type LiveSchemaSet, type SchemaDocument } from '../schemas/index.ts';

export { schemasFromOpenApiV3, type LiveSchemaSet, type OpenApiV3Document } from '../schemas/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A group-version's document as a server's /openapi/v3 index names it: its path and its URL (with the content hash). */
export interface OpenApiDocumentRef {
  name: string;
  url: string;
}

/** The groups the bundled schemas know as built in (schemas/kubernetes/index.json). */
export function bundledBuiltInGroups(): string[] {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'schemas', KUBERNETES_DIR, INDEX_FILE), 'utf8')) as KubernetesIndex).builtInGroups;
}

/**
 * Writes the set as a schemas folder (kubernetes/, crds/) in a new private temporary directory,
 * which the validator reads on first use of a kind; it is removed when the process exits.
 */
export function writeLiveSchemaSet(set: LiveSchemaSet): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'live-schemas-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const write = (relative: string, value: unknown): void => {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(value));
  };
  write(path.join(KUBERNETES_DIR, INDEX_FILE), set.kubernetesIndex);
  write(path.join(KUBERNETES_DIR, `${set.kubernetesVersion}.json`), set.kubernetes);
  write(path.join(CRDS_DIR, INDEX_FILE), set.crdIndex);
  for (const [file, document] of set.crds) write(path.join(CRDS_DIR, file), document);
  return dir;
}

/**
 * The generated set of a server's documents, kept in the cache directory beside them: its key is
 * every document's URL (each with its content hash), the server's version, the bundled built-in
 * groups and the toolkit's sources (the generator's code), so an unchanged cluster costs one read instead of the generator's run.
 */
export class LiveSchemaSetCache {
  /** What the set is made of: every document (by its content hash), the server's version, the generator. */
  readonly key: string;
  private readonly file: string;

  constructor(server: string, documents: readonly OpenApiDocumentRef[], kubernetesVersion: string, builtInGroups: readonly string[]) {
    this.key = createHash('sha256').update(JSON.stringify({ format: 1, generator: GENERATOR_VERSION, toolkit: toolkitSourceHash(), server, documents, kubernetesVersion, builtInGroups })).digest('hex');
    this.file = path.join(cacheDirectory('openapi'), `set-${this.key.slice(0, 32)}.json`);
  }

  get(): LiveSchemaSet | undefined {
    try {
      const entry = JSON.parse(readCacheFile(this.file)?.toString('utf8') ?? '') as { key?: unknown; set?: Omit<LiveSchemaSet, 'crds'> & { crds: Array<[string, SchemaDocument]> } };
      if (entry.key !== this.key || entry.set === undefined) return undefined;
      return { ...entry.set, crds: new Map(entry.set.crds) };
    } catch {
      return undefined;
    }
  }

  set(set: LiveSchemaSet): void {
    writeCacheFile(this.file, JSON.stringify({ key: this.key, set: { ...set, crds: [...set.crds] } }));
  }
}
