import type { Diagnostic } from '../core/diagnostic.ts';
import type { KubeObject } from '../core/manifest.ts';
import type { ParserKind } from '../load/index.ts';
import type { PlainFileContext } from './plain-manifests.ts';

/** What a worker thread is given: its share of plain files, and what it needs to check them. */
export interface PlainFilesJob {
  cwd: string;
  parser: ParserKind;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  /** The configuration file the main thread loaded (absolute), read again by the worker. */
  configFile: string;
  inlineExemptions: boolean;
  files: Array<{ file: string; context: PlainFileContext }>;
}

/**
 * What it sends back: the objects and where they are (for the cross-object rules, which need
 * every object), and diagnostics located in the worker: YAML problems, schema findings and the
 * findings of the single-object rules.
 */
export interface PlainFilesJobResult {
  entries: Array<{ file: string; documentIndex: number; pointerPrefix: string; object: KubeObject; context: PlainFileContext }>;
  diagnostics: Diagnostic[];
  exemptionsApplied: number;
}
