import { workerData } from 'node:worker_threads';
import { loadCheckConfig } from '../check/index.ts';
import { createSchemaValidator } from '../validate/index.ts';
import { WORKER_CLAIM, type PlainFileMessage, type PlainFilesJob } from './plain-files-job.ts';
import { checkPlainEntries, loadPlainFile } from './plain-manifests.ts';

// A worker thread: takes plain files from the front until it meets the main thread's share, and
// checks each where its source is (schemas and single-object rules), so every finding is located
// here, sending the findings file by file.
const job = workerData as PlainFilesJob;
const validator = createSchemaValidator({ cacheDir: job.cacheDir });
const { config } = loadCheckConfig(job.configFile, { validatorCache: job.cacheDir });
const checks = { cwd: job.cwd, parser: job.parser, validator, ignoreMissingSchemas: job.ignoreMissingSchemas, config, inlineExemptions: job.inlineExemptions };

for (let index = Atomics.add(job.next, 0, 1); index < job.files.length; index = Atomics.add(job.next, 0, 1)) {
  // The main thread takes files from the back: once it has this one, it has all the rest.
  if (Atomics.compareExchange(job.claims, index, 0, WORKER_CLAIM) !== 0) break;
  const { file, context } = job.files[index]!;
  const { diagnostics, exemptionsApplied } = checkPlainEntries(loadPlainFile(file, context, checks).entries, checks);
  const message: PlainFileMessage = { index, diagnostics, exemptionsApplied };
  job.port.postMessage(message);
}
validator.persistCodeCaches();
job.port.close();
