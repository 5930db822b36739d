import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyedCacheEntries, toolkitSourceHash } from '../core/cache-files.ts';
import type { UnevaluatedRule } from './cel/index.ts';
import type { SchemaFinding } from './finding.ts';

/** What validating one batch of objects gave: the findings per object, and the CEL rules it could not evaluate, per kind. */
export interface BatchVerdict {
  findings: SchemaFinding[][];
  unevaluated: Array<[kind: string, rules: UnevaluatedRule[]]>;
}

/** Bump when the stored data changes shape. */
const cacheFormat = 2;
/** The rendered targets of every checkout and revision in use, with room to spare. */
const maxEntries = 2000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The schema and API-server verdicts on a rendered target, keyed by the text it was read from and
 * by everything that decides them: the toolkit's sources (the validators, the native rules, CEL),
 * the locked dependency versions (ajv, the CEL library) and the bundled schemas. A target whose
 * render did not change is not validated again, and its kinds' validators are never loaded: most
 * of what a run with nothing changed used to do. Entries are authenticated cache files
 * (core/cache-files.ts) that record their key; a damaged or foreign entry is a miss.
 */
export class VerdictCache {
  private identity: string | undefined;
  private readonly entries: KeyedCacheEntries<BatchVerdict>;

  /** `schemas`: the key of generated schemas, or the folder whose files are hashed (on first use) instead. */
  constructor(
    dir: string,
    private readonly schemas: string | { schemasDir: string },
  ) {
    this.entries = new KeyedCacheEntries(dir, maxEntries, isBatchVerdict);
  }

  key(kubernetesVersion: string, sourceText: string, objects: number): string {
    this.identity ??= toolkitIdentity(this.schemas);
    return createHash('sha256').update(JSON.stringify({ cacheFormat, identity: this.identity, kubernetesVersion, objects })).update('\0').update(sourceText).digest('hex');
  }

  get(key: string): BatchVerdict | undefined {
    return this.entries.get(key);
  }

  set(key: string, verdict: BatchVerdict): void {
    this.entries.set(key, verdict);
  }
}

function isBatchVerdict(value: unknown): value is BatchVerdict {
  return value !== null && typeof value === 'object' && Array.isArray((value as Partial<BatchVerdict>).findings);
}

/** sha256 over the toolkit's sources, package-lock.json and the schemas (their key, or every file of their folder). */
function toolkitIdentity(schemas: string | { schemasDir: string }): string {
  const hash = createHash('sha256').update(toolkitSourceHash()).update('\0');
  hash.update(readFileSync(path.join(repoRoot, 'package-lock.json')));
  if (typeof schemas === 'string') return hash.update(`\0generated schemas ${schemas}`).digest('hex');
  const { schemasDir } = schemas;
  const files = readdirSync(schemasDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`\0${path.relative(schemasDir, file)}\0`).update(readFileSync(file));
  return hash.digest('hex');
}
