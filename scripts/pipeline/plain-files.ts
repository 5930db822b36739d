import { runRules, type CheckConfig } from '../check/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { Manifest } from '../core/manifest.ts';
import type { ParserKind } from '../load/index.ts';
import type { SchemaValidator } from '../validate/index.ts';
import { checkPlainFile, type PlainFileContext } from './plain-manifests.ts';

export interface PlainFilesOptions {
  cwd: string;
  parser: ParserKind;
  ignoreMissingSchemas: boolean;
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
 * Loads, schema-validates and checks plain files, one after another (synchronous: one small file
 * after another; a round trip through the thread pool per file left the thread idle for a
 * second on the 20k-resource corpus). Worker threads were tried and measured: beside a worker
 * this thread, which must hold every object for the cross-object rules, ran at about half its
 * speed, so they never paid on the two-core machine and are gone.
 */
export function validatePlainFiles(files: readonly string[], options: PlainFilesOptions): PlainFilesResult {
  const manifests: Manifest[] = [];
  const diagnostics: Diagnostic[] = [];
  let exemptionsApplied = 0;
  for (const file of files) {
    const result = checkPlainFile(file, options.contextOf(file), options);
    diagnostics.push(...result.diagnostics);
    exemptionsApplied += result.exemptionsApplied;
    for (const { manifest } of result.entries) manifests.push(manifest);
  }
  const crossChecked = runCrossObjectRules(manifests, options);
  return { manifests, diagnostics: [...diagnostics, ...crossChecked.diagnostics], exemptionsApplied: exemptionsApplied + crossChecked.exemptionsApplied };
}

/** The plain files are one scope: the rules that relate objects run once, over all of them. */
function runCrossObjectRules(manifests: Manifest[], options: PlainFilesOptions): { diagnostics: Diagnostic[]; exemptionsApplied: number } {
  if (manifests.length === 0) return { diagnostics: [], exemptionsApplied: 0 };
  return runRules([manifests], options.config, { inlineExemptions: options.inlineExemptions, part: 'cross-object' });
}
