import { workerData } from 'node:worker_threads';
import { loadCheckConfig } from '../check/index.ts';
import { createSchemaValidator } from '../validate/index.ts';
import type { PlainFileMessage, PlainFilesJob, TransferredEntry } from './plain-files-job.ts';
import { checkPlainFile } from './plain-manifests.ts';

// A worker thread: takes plain files from the shared counter and checks each where its source is
// (so every finding is located here), sending the results file by file.
const job = workerData as PlainFilesJob;
const validator = createSchemaValidator({ cacheDir: job.cacheDir });
const { config } = loadCheckConfig(job.configFile, { validatorCache: job.cacheDir });
const checks = { cwd: job.cwd, parser: job.parser, validator, ignoreMissingSchemas: job.ignoreMissingSchemas, config, inlineExemptions: job.inlineExemptions };

for (let index = Atomics.add(job.counter, 0, 1); index < job.files.length; index = Atomics.add(job.counter, 0, 1)) {
  const { file, context } = job.files[index]!;
  const { entries, diagnostics, exemptionsApplied } = checkPlainFile(file, context, checks);
  const transferred: TransferredEntry[] = entries.map(({ manifest, documentIndex, pointerPrefix }) => ({
    documentIndex,
    pointerPrefix,
    object: manifest.object,
  }));
  const message: PlainFileMessage = { index, entries: JSON.stringify(transferred), diagnostics, exemptionsApplied };
  job.port.postMessage(message);
}
validator.persistCodeCaches();
job.port.close();
