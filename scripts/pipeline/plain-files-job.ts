import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ParserKind } from '../load/index.ts';
import type { PlainFileContext } from './plain-manifests.ts';

/** What a worker thread is given: the plain files, the counter they are taken from, and what it needs to check them. */
export interface PlainFilesJob {
  cwd: string;
  parser: ParserKind;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  /** The configuration file the main thread loaded (absolute), read again by the worker. */
  configFile: string;
  inlineExemptions: boolean;
  files: Array<{ file: string; context: PlainFileContext }>;
  /** Index of the next file to take, shared by every thread (Atomics.add). */
  counter: Int32Array;
  /** Where each checked file's PlainFileMessage goes. */
  port: MessagePort;
}

/** An object a worker loaded, and where in its file it is. */
export interface TransferredEntry {
  documentIndex: number;
  pointerPrefix: string;
  object: unknown;
}

/**
 * What a worker sends for each file it checked: diagnostics located in the worker (YAML
 * problems, schema findings, single-object rule findings), and the file's objects for the
 * cross-object rules, which need every object: JSON text of TransferredEntry[], which the main
 * thread parses several times faster than it would take a structured clone.
 */
export interface PlainFileMessage {
  index: number;
  entries: string;
  diagnostics: Diagnostic[];
  exemptionsApplied: number;
}
