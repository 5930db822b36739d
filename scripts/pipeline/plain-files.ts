import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type Transferable } from 'node:worker_threads';
import { runRules, type CheckConfig } from '../check/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { Manifest } from '../core/manifest.ts';
import type { ParserKind } from '../load/index.ts';
import type { SchemaValidator } from '../validate/index.ts';
import { checkPlainEntries, checkPlainFile, loadPlainFile, type PlainFileContext } from './plain-manifests.ts';
import { MAIN_CLAIM, type PlainFileMessage, type PlainFilesJob } from './plain-files-job.ts';

export interface PlainFilesOptions {
  cwd: string;
  parser: ParserKind;
  /** Worker threads that check files beside this thread; 0 or undefined: this thread only. */
  workers: number | undefined;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  /** The configuration file (absolute), which a worker loads again. */
  configFile: string;
  config: CheckConfig;
  inlineExemptions: boolean;
  contextOf(file: string): PlainFileContext;
  validator: SchemaValidator;
}

/** Plain files loaded, schema-validated and checked by every rule (they are one scope of their own). */
export interface PlainFilesResult {
  /** In input order: by file, then by position in the file. */
  manifests: Manifest[];
  diagnostics: Diagnostic[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

/**
 * Loads, schema-validates and checks plain files, in this thread or together with worker threads.
 *
 * The cross-object rules need every object in one place, and moving objects between threads
 * costs about as much as parsing them (a structured clone more, JSON text a little less). So this
 * thread loads every file itself, runs the cross-object rules, and then checks files (schemas,
 * single-object rules) from the back, while the workers load and check files from the front and
 * send only their findings, located where they were found. Where the two meet depends on who is
 * faster; no file is checked twice, and the findings are the same as in one thread.
 *
 * Workers are opt-in: on the 2-core benchmark machine they do not pay. One thread alone keeps
 * about 1.4 cores busy (V8 collects garbage and compiles on helper threads), and beside a worker
 * this thread, which holds every object, runs at about half its speed. On the 20k-resource
 * corpus, runs interleaved: this thread alone 1.9–2.6 s, with a worker 2.2–2.8 s.
 */
export async function validatePlainFiles(files: readonly string[], options: PlainFilesOptions): Promise<PlainFilesResult> {
  if (files.length === 0) return { manifests: [], diagnostics: [], exemptionsApplied: 0 };
  const workers = Math.min(files.length - 1, options.workers ?? 0);
  return workers <= 0 ? validateInThisThread(files, options) : validateWithWorkers(files, workers, options);
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
  const crossChecked = runCrossObjectRules(manifests, options);
  return { manifests, diagnostics: [...diagnostics, ...crossChecked.diagnostics], exemptionsApplied: exemptionsApplied + crossChecked.exemptionsApplied };
}

async function validateWithWorkers(files: readonly string[], workers: number, options: PlainFilesOptions): Promise<PlainFilesResult> {
  const contexts = files.map((file) => ({ file, context: options.contextOf(file) }));
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * files.length));
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
      next,
      claims,
      port: port2,
    };
    return runWorker(job, [port2]);
  });

  const loaded = contexts.map(({ file, context }) => loadPlainFile(file, context, options));
  const manifests = loaded.flatMap((result) => result.entries.map((entry) => entry.manifest));
  const diagnostics = loaded.flatMap((result) => result.diagnostics);
  const crossChecked = runCrossObjectRules(manifests, options);
  diagnostics.push(...crossChecked.diagnostics);
  let exemptionsApplied = crossChecked.exemptionsApplied;
  const receive = (): void => {
    for (const port of ports) {
      for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) {
        const message = received.message as PlainFileMessage;
        diagnostics.push(...message.diagnostics);
        exemptionsApplied += message.exemptionsApplied;
      }
    }
  };
  for (let index = files.length - 1; index >= 0 && Atomics.compareExchange(claims, index, 0, MAIN_CLAIM) === 0; index -= 1) {
    const checked = checkPlainEntries(loaded[index]!.entries, options);
    diagnostics.push(...checked.diagnostics);
    exemptionsApplied += checked.exemptionsApplied;
    receive();
  }
  // A worker posts every file before it exits, so after the exits nothing more can come.
  await Promise.all(exits);
  receive();
  for (const port of ports) port.close();
  return { manifests, diagnostics, exemptionsApplied };
}

/** The plain files are one scope: the rules that relate objects run once, over all of them. */
function runCrossObjectRules(manifests: Manifest[], options: PlainFilesOptions): { diagnostics: Diagnostic[]; exemptionsApplied: number } {
  if (manifests.length === 0) return { diagnostics: [], exemptionsApplied: 0 };
  return runRules([manifests], options.config, { inlineExemptions: options.inlineExemptions, part: 'cross-object' });
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
