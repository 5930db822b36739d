import type { Diagnostic } from '../core/diagnostic.ts';
import type { KubeObject } from '../core/manifest.ts';
import type { ParserKind } from '../load/index.ts';
import type { PlainFileContext } from './plain-manifests.ts';

/** What a worker thread is given: its share of plain files. */
export interface PlainFilesJob {
  cwd: string;
  parser: ParserKind;
  ignoreMissingSchemas: boolean;
  cacheDir: string | false;
  files: Array<{ file: string; context: PlainFileContext }>;
}

/** What it sends back: the objects, where they are, and located diagnostics. */
export interface PlainFilesJobResult {
  entries: Array<{ file: string; documentIndex: number; pointerPrefix: string; object: KubeObject; context: PlainFileContext }>;
  diagnostics: Diagnostic[];
}
