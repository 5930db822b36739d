import path from 'node:path';
import { runRules, type CheckConfig } from '../check/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { deepFreeze, objectRef, type KubeObject, type Manifest } from '../core/manifest.ts';
import { parsePointer } from '../core/pointer.ts';
import { loadManifests, readSourceFile, type ParserKind, type SourceFile } from '../load/index.ts';
import type { SchemaValidator } from '../validate/index.ts';
import { schemaDiagnostics } from './schema-diagnostics.ts';

/** Where a plain file's objects are validated: its Kubernetes version and environment. */
export interface PlainFileContext {
  kubernetesVersion: string;
  environment: string | undefined;
}

/** A manifest read from a plain file, with the document it came from. */
export interface PlainEntry {
  manifest: Manifest;
  documentIndex: number;
  pointerPrefix: string;
}

/** Objects of a plain YAML/JSON file as manifests, located in that file; YAML problems as diagnostics. */
export function manifestsOfPlainFile(
  source: SourceFile,
  context: PlainFileContext,
): { entries: PlainEntry[]; diagnostics: Diagnostic[] } {
  const { entries, problems } = loadManifests(source);
  const diagnostics: Diagnostic[] = problems.map((problem) => ({
    ruleId: 'yaml',
    severity: 'error',
    message: problem.message,
    target: source.file,
    object: null,
    pointer: problem.pointer,
    file: source.file,
    line: problem.line,
    column: problem.column,
  }));
  return {
    entries: entries.map((entry) => ({
      manifest: plainManifest(source, entry.object, entry.documentIndex, entry.pointerPrefix, context),
      documentIndex: entry.documentIndex,
      pointerPrefix: entry.pointerPrefix,
    })),
    diagnostics,
  };
}

/** A manifest whose pointers are looked up in the document it was read from. */
function plainManifest(
  source: SourceFile,
  object: KubeObject,
  documentIndex: number,
  pointerPrefix: string,
  context: PlainFileContext,
): Manifest {
  const prefix = parsePointer(pointerPrefix);
  const manifest: Manifest = {
    object: deepFreeze(object),
    ref: objectRef(object),
    target: source.file,
    kubernetesVersion: context.kubernetesVersion,
    locate(pointer) {
      const { line, column } = source.locate(documentIndex, [...prefix, ...parsePointer(pointer)]);
      return { file: source.file, line, column };
    },
    sourceScalar(pointer) {
      return source.plainScalar(documentIndex, [...prefix, ...parsePointer(pointer)]);
    },
  };
  return context.environment === undefined ? manifest : { ...manifest, environment: context.environment };
}

/** A file that cannot be read is a finding on that file, not a crash. */
function unreadable(file: string, error: Error): Diagnostic {
  return {
    ruleId: 'yaml',
    severity: 'error',
    message: `cannot read file: ${error.message}`,
    target: file,
    object: null,
    pointer: '',
    file,
    line: 1,
    column: 1,
  };
}

/** What a plain file gives: its objects, and its YAML problems, schema findings and single-object rule findings, located. */
export interface PlainFileResult {
  entries: PlainEntry[];
  diagnostics: Diagnostic[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

export interface PlainFileChecks {
  cwd: string;
  parser: ParserKind;
  validator: SchemaValidator;
  ignoreMissingSchemas: boolean;
  config: CheckConfig;
  inlineExemptions: boolean;
}

/** Reads and loads one plain file: its objects, and its YAML problems (or why it could not be read). */
export function loadPlainFile(
  file: string,
  context: PlainFileContext,
  checks: Pick<PlainFileChecks, 'cwd' | 'parser'>,
): { entries: PlainEntry[]; diagnostics: Diagnostic[] } {
  // Synchronous: small local files. Read as UTF-8 bytes, size-capped.
  const source = readSourceFile(file, path.resolve(checks.cwd, file), { parser: checks.parser });
  if (source instanceof Error) return { entries: [], diagnostics: [unreadable(file, source)] };
  return manifestsOfPlainFile(source, context);
}

/** Schema-validates a file's objects and runs the single-object rules on them: their findings, located. */
export function checkPlainEntries(entries: readonly PlainEntry[], checks: PlainFileChecks): { diagnostics: Diagnostic[]; exemptionsApplied: number } {
  const manifests = entries.map((entry) => entry.manifest);
  const diagnostics: Diagnostic[] = [];
  for (const manifest of manifests) diagnostics.push(...schemaDiagnostics(manifest, checks.validator, checks.ignoreMissingSchemas));
  const checked = runRules([manifests], checks.config, { inlineExemptions: checks.inlineExemptions, part: 'single-object' });
  diagnostics.push(...checked.diagnostics);
  return { diagnostics, exemptionsApplied: checked.exemptionsApplied };
}

/**
 * Loads one plain file and checks its objects (schemas, single-object rules) while they are
 * fresh in the processor's caches. The cross-object rules run later, over every plain file's
 * objects together.
 */
export function checkPlainFile(file: string, context: PlainFileContext, checks: PlainFileChecks): PlainFileResult {
  const loaded = loadPlainFile(file, context, checks);
  const checked = checkPlainEntries(loaded.entries, checks);
  return { entries: loaded.entries, diagnostics: [...loaded.diagnostics, ...checked.diagnostics], exemptionsApplied: checked.exemptionsApplied };
}
