import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ParserKind } from '../load/index.ts';
import type { PlainFileContext } from './plain-manifests.ts';

/**
 * What a worker thread is given: the plain files, how files are shared out, and what it needs to
 * check them. Workers take files from the front (`next`), the main thread from the back; each
 * file's slot in `claims` says who took it (0: nobody yet), so no file is checked twice.
 */
export interface PlainFilesJob {
  cwd: string;
  parser: ParserKind;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  /** The configuration file the main thread loaded (absolute), read again by the worker. */
  configFile: string;
  inlineExemptions: boolean;
  files: Array<{ file: string; context: PlainFileContext }>;
  /** Index of the next file from the front, shared by the workers (Atomics.add). */
  next: Int32Array;
  /** Per file: 0 unclaimed, WORKER_CLAIM or MAIN_CLAIM (Atomics.compareExchange). */
  claims: Int32Array;
  /** Where each checked file's PlainFileMessage goes. */
  port: MessagePort;
}

export const WORKER_CLAIM = 1;
export const MAIN_CLAIM = 2;

/**
 * What a worker sends for each file it checked: the findings of the schemas and the
 * single-object rules, located in the worker. YAML problems are the main thread's: it loads
 * every file, for the cross-object rules.
 */
export interface PlainFileMessage {
  index: number;
  diagnostics: Diagnostic[];
  exemptionsApplied: number;
}
