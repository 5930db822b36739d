import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCheckConfig, runRules } from '../check/index.ts';
import type { Manifest } from '../core/manifest.ts';
import { SourceFile } from '../load/index.ts';
import { createSchemaValidator } from '../validate/index.ts';
import type { PlainFilesJob, PlainFilesJobResult } from './plain-files-job.ts';
import { manifestsOfPlainFile, readText, unreadable } from './plain-manifests.ts';
import { schemaDiagnostics } from './schema-diagnostics.ts';

// A worker thread: loads, schema-validates and runs the single-object rules on its share of the
// plain files, where their sources are, so every finding is located here.
const job = workerData as PlainFilesJob;
const validator = createSchemaValidator({ cacheDir: job.cacheDir });
const { config } = loadCheckConfig(job.configFile, { validatorCache: job.cacheDir });
const result: PlainFilesJobResult = { entries: [], diagnostics: [], exemptionsApplied: 0 };
const manifests: Manifest[] = [];

for (const { file, context } of job.files) {
  const text = readText(path.resolve(job.cwd, file));
  if (text instanceof Error) {
    result.diagnostics.push(unreadable(file, text));
    continue;
  }
  const source = new SourceFile(file, text, { parser: job.parser });
  const { entries, diagnostics } = manifestsOfPlainFile(source, context);
  result.diagnostics.push(...diagnostics);
  for (const { manifest, documentIndex, pointerPrefix } of entries) {
    manifests.push(manifest);
    result.entries.push({ file, documentIndex, pointerPrefix, object: manifest.object, context });
    result.diagnostics.push(...schemaDiagnostics(manifest, validator, job.ignoreMissingSchemas));
  }
}

const checked = runRules([manifests], config, { inlineExemptions: job.inlineExemptions, part: 'single-object' });
result.diagnostics.push(...checked.diagnostics);
result.exemptionsApplied = checked.exemptionsApplied;
validator.persistCodeCaches();
parentPort?.postMessage(result);
