import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type Transferable } from 'node:worker_threads';
import type { CheckConfig } from '../check/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { KubeObject, Manifest } from '../core/manifest.ts';
import type { ParserKind } from '../load/index.ts';
import type { SourceFiles } from '../render/source-files.ts';
import type { SchemaValidator } from '../validate/index.ts';
import { checkPlainFile, plainManifest, type PlainFileContext } from './plain-manifests.ts';
import type { PlainFileMessage, PlainFilesJob, TransferredEntry } from './plain-files-job.ts';

export interface PlainFilesOptions {
  cwd: string;
  parser: ParserKind;
  /** Worker threads that take files alongside this thread; 0 or undefined: this thread only. */
  workers: number | undefined;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  /** The configuration file (absolute), which a worker loads again. */
  configFile: string;
  /** The rule configuration and exemption setting, for the single-object rules run where the objects are loaded. */
  config: CheckConfig;
  inlineExemptions: boolean;
  contextOf(file: string): PlainFileContext;
  validator: SchemaValidator;
  files: SourceFiles;
}

/**
 * Plain files loaded, schema-validated and checked by the single-object rules; the cross-object
 * rules are left to the caller, which runs them over `manifests` together.
 */
export interface PlainFilesResult {
  /** In input order: by file, then by position in the file. */
  manifests: Manifest[];
  diagnostics: Diagnostic[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

/**
 * Loads, schema-validates and checks plain files with the single-object rules, in this thread or
 * together with worker threads.
 *
 * With workers, this thread and each worker take files one at a time from a shared counter, so
 * a worker that starts late, or a thread that draws larger files, leaves no one waiting. Each
 * thread runs the single-object rules where its objects are, so their findings are located there.
 * The cross-object rules need every object of the scope in one place: the workers send each
 * file's objects back as JSON text (JSON.parse is several times cheaper than a structured clone),
 * and the caller runs those rules here over all objects in input order.
 *
 * Workers are opt-in: on the 2-core benchmark machine they do not pay. One thread alone already
 * keeps about 1.4 cores busy (V8 collects garbage and optimises code on helper threads), and two
 * validations side by side each run 1.3–1.5 times slower than alone. On the 20k-resource corpus,
 * runs interleaved: this thread alone 2.4–2.8 s, with one worker 2.5–3.3 s.
 */
export async function validatePlainFiles(files: readonly string[], options: PlainFilesOptions): Promise<PlainFilesResult> {
  if (files.length === 0) return { manifests: [], diagnostics: [], exemptionsApplied: 0 };
  const workers = Math.min(files.length - 1, options.workers ?? 0);
  if (workers <= 0) return validateInThisThread(files, options);
  return validateWithWorkers(files, workers, options);
}

function validateInThisThread(files: readonly string[], options: PlainFilesOptions): PlainFilesResult {
  const manifests: Manifest[] = [];
  const diagnostics: Diagnostic[] = [];
  let exemptionsApplied = 0;
  for (const file of files) {
    // Synchronous: one small file after another, a round trip through the thread pool per file
    // left the thread idle for a second on the 20k-resource corpus.
    const result = checkPlainFile(file, options.contextOf(file), options);
    diagnostics.push(...result.diagnostics);
    exemptionsApplied += result.exemptionsApplied;
    for (const { manifest } of result.entries) manifests.push(manifest);
  }
  return { manifests, diagnostics, exemptionsApplied };
}

async function validateWithWorkers(files: readonly string[], workers: number, options: PlainFilesOptions): Promise<PlainFilesResult> {
  const counter = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const contexts = files.map((file) => ({ file, context: options.contextOf(file) }));
  const ports: MessagePort[] = [];
  // Started first: they boot while this thread already works.
  const exits = Array.from({ length: workers }, () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const job: PlainFilesJob = {
      cwd: options.cwd,
      parser: options.parser,
      ignoreMissingSchemas: options.ignoreMissingSchemas,
      cacheDir: options.cacheDir,
      configFile: options.configFile,
      inlineExemptions: options.inlineExemptions,
      files: contexts,
      counter,
      port: port2,
    };
    return runWorker(job, [port2]);
  });

  const byFile: Manifest[][] = [];
  const diagnostics: Diagnostic[] = [];
  let exemptionsApplied = 0;
  // What the workers sent so far is taken in between this thread's own files, so that turning
  // their JSON back into objects is shared out like the rest of the work.
  const receive = (): void => {
    for (const port of ports) {
      for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) {
        const message = received.message as PlainFileMessage;
        const { file, context } = contexts[message.index]!;
        diagnostics.push(...message.diagnostics);
        exemptionsApplied += message.exemptionsApplied;
        byFile[message.index] = (JSON.parse(message.entries) as TransferredEntry[]).map((entry) =>
          transferredManifest(file, context, entry, options),
        );
      }
    }
  };
  for (let index = Atomics.add(counter, 0, 1); index < files.length; index = Atomics.add(counter, 0, 1)) {
    const { file, context } = contexts[index]!;
    const result = checkPlainFile(file, context, options);
    diagnostics.push(...result.diagnostics);
    exemptionsApplied += result.exemptionsApplied;
    byFile[index] = result.entries.map((entry) => entry.manifest);
    receive();
  }
  // A worker posts every file before it exits, so after the exits nothing more can come.
  await Promise.all(exits);
  receive();
  for (const port of ports) port.close();
  return { manifests: byFile.flat(), diagnostics, exemptionsApplied };
}

/**
 * A manifest a worker loaded. Its findings so far were located in the worker; should a
 * cross-object rule report on it, its file is read again here to locate that finding.
 */
function transferredManifest(file: string, context: PlainFileContext, entry: TransferredEntry, options: PlainFilesOptions): Manifest {
  const absolute = path.resolve(options.cwd, file);
  const source = {
    file,
    locate: (documentIndex: number, segments: readonly (string | number)[]) =>
      options.files.get(absolute)?.locate(documentIndex, segments) ?? { line: 1, column: 1, found: 'ancestor' as const },
    plainScalar: (documentIndex: number, segments: readonly (string | number)[]) =>
      options.files.get(absolute)?.plainScalar(documentIndex, segments),
  };
  return plainManifest(source, entry.object as KubeObject, entry.documentIndex, entry.pointerPrefix, context);
}

/** Runs a worker to its end: resolves when it exits cleanly, rejects when it fails. */
function runWorker(job: PlainFilesJob, transferList: Transferable[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./plain-files-worker.mjs', import.meta.url), { workerData: job, transferList });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`plain-files worker exited with code ${code}`));
    });
  });
}
