import { statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { Manifest } from '../core/manifest.ts';
import { SourceFile, type ParserKind } from '../load/index.ts';
import type { SourceFiles } from '../render/source-files.ts';
import type { SchemaValidator } from '../validate/index.ts';
import { manifestsOfPlainFile, plainManifest, readText, unreadable, type PlainFileContext } from './plain-manifests.ts';
import { schemaDiagnostics } from './schema-diagnostics.ts';
import type { PlainFilesJob, PlainFilesJobResult } from './plain-files-job.ts';

export interface PlainFilesOptions {
  cwd: string;
  parser: ParserKind;
  /** Worker threads to spread the files over; 0 or undefined: this thread only. */
  workers: number | undefined;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  /** The configuration file (absolute) and exemption setting, for the rules a worker runs. */
  configFile: string;
  inlineExemptions: boolean;
  contextOf(file: string): PlainFileContext;
  validator: SchemaValidator;
  files: SourceFiles;
}


/** Plain files loaded and schema-validated, and whether the single-object rules ran on them. */
export interface PlainFilesResult {
  manifests: Manifest[];
  diagnostics: Diagnostic[];
  /** `single-object`: the diagnostics include those rules' findings (workers ran them). */
  rulesRun: 'none' | 'single-object';
  exemptionsApplied: number;
}

/**
 * Loads and schema-validates plain files, in this thread or spread over worker threads.
 *
 * Workers are opt-in. Measured on the 20k-resource benchmark corpus (2 cores, runs interleaved):
 * this thread 2.3–3.0 s, two workers 2.8–3.6 s. Each worker runs the single-object rules where
 * its objects are, but the cross-object rules need every object of the scope in one place, and
 * cloning 20,000 objects back, freezing them and running those rules here is a serial tail that
 * eats the gain. (Sharding by namespace would avoid it, but some rules look across namespaces:
 * service-discovery follows `svc.other-namespace` host names, and several rules stay silent in a
 * scope without any pod.)
 */
export async function validatePlainFiles(files: readonly string[], options: PlainFilesOptions): Promise<PlainFilesResult> {
  if (files.length === 0) return { manifests: [], diagnostics: [], rulesRun: 'none', exemptionsApplied: 0 };
  const workers = Math.min(files.length, options.workers ?? 0);
  if (workers <= 1) return validateInThisThread(files, options);
  const sizes = files.map((file) => statSync(path.resolve(options.cwd, file), { throwIfNoEntry: false })?.size ?? 0);
  return validateInWorkers(partition(files, sizes, workers), options);
}

function validateInThisThread(files: readonly string[], options: PlainFilesOptions): PlainFilesResult {
  const manifests: Manifest[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    // Synchronous: one small file after another, a round trip through the thread pool per file
    // left the thread idle for a second on the 20k-resource corpus.
    const text = readText(path.resolve(options.cwd, file));
    if (text instanceof Error) {
      diagnostics.push(unreadable(file, text));
      continue;
    }
    const result = manifestsOfPlainFile(new SourceFile(file, text, { parser: options.parser }), options.contextOf(file));
    diagnostics.push(...result.diagnostics);
    for (const { manifest } of result.entries) {
      manifests.push(manifest);
      diagnostics.push(...schemaDiagnostics(manifest, options.validator, options.ignoreMissingSchemas));
    }
  }
  return { manifests, diagnostics, rulesRun: 'none', exemptionsApplied: 0 };
}

/**
 * Each worker loads, schema-validates and runs the single-object rules on its share of the files,
 * and sends back the objects and located diagnostics. The cross-object rules run afterwards in
 * this thread over all objects, so their findings are the same as without workers; a manifest
 * here finds its source positions by reading its file again, only if such a rule reports on it.
 */
async function validateInWorkers(shares: string[][], options: PlainFilesOptions): Promise<PlainFilesResult> {
  const results = await Promise.all(
    shares.map((share) =>
      runJob({
        cwd: options.cwd,
        parser: options.parser,
        ignoreMissingSchemas: options.ignoreMissingSchemas,
        cacheDir: options.cacheDir,
        configFile: options.configFile,
        inlineExemptions: options.inlineExemptions,
        files: share.map((file) => ({ file, context: options.contextOf(file) })),
      }),
    ),
  );
  const manifests: Manifest[] = [];
  const diagnostics: Diagnostic[] = [];
  let exemptionsApplied = 0;
  for (const result of results) {
    diagnostics.push(...result.diagnostics);
    exemptionsApplied += result.exemptionsApplied;
    for (const entry of result.entries) {
      const absolute = path.resolve(options.cwd, entry.file);
      const source = {
        file: entry.file,
        locate: (documentIndex: number, segments: readonly (string | number)[]) =>
          options.files.get(absolute)?.locate(documentIndex, segments) ?? { line: 1, column: 1, found: 'ancestor' as const },
        plainScalar: (documentIndex: number, segments: readonly (string | number)[]) =>
          options.files.get(absolute)?.plainScalar(documentIndex, segments),
      };
      manifests.push(plainManifest(source, entry.object, entry.documentIndex, entry.pointerPrefix, entry.context));
    }
  }
  return { manifests, diagnostics, rulesRun: 'single-object', exemptionsApplied };
}

function runJob(job: PlainFilesJob): Promise<PlainFilesJobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./plain-files-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (result: PlainFilesJobResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`plain-files worker exited with code ${code}`));
    });
  });
}

/** Splits files into `count` shares of about equal size, keeping each share in input order. */
function partition(files: readonly string[], sizes: readonly number[], count: number): string[][] {
  const shares = Array.from({ length: count }, () => ({ bytes: 0, indices: [] as number[] }));
  const bySize = files.map((_, index) => index).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0) || a - b);
  for (const index of bySize) {
    const lightest = shares.reduce((best, share) => (share.bytes < best.bytes ? share : best));
    lightest.bytes += sizes[index] ?? 0;
    lightest.indices.push(index);
  }
  return shares
    .filter((share) => share.indices.length > 0)
    .map((share) => share.indices.sort((a, b) => a - b).map((index) => files[index] as string));
}
