import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SourceFile } from '../load/index.ts';
import { createSchemaValidator } from '../validate/index.ts';
import type { PlainFilesJob, PlainFilesJobResult } from './plain-files-job.ts';
import { manifestsOfPlainFile, readText, unreadable } from './plain-manifests.ts';
import { schemaDiagnostics } from './schema-diagnostics.ts';

const job = workerData as PlainFilesJob;
const validator = createSchemaValidator({ cacheDir: job.cacheDir });
const result: PlainFilesJobResult = { entries: [], diagnostics: [] };

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
    result.entries.push({ file, documentIndex, pointerPrefix, object: manifest.object, context });
    result.diagnostics.push(...schemaDiagnostics(manifest, validator, job.ignoreMissingSchemas));
  }
}

validator.persistCodeCaches();
parentPort?.postMessage(result);
