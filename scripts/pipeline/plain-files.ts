import path from 'node:path';
import { runRules, type CheckConfig } from '../check/index.ts';
import { placedFinding, type Finding } from '../core/finding.ts';
import { deepFreeze, objectRef, type KubeObject, type Manifest } from '../core/manifest.ts';
import { parsePointer } from '../core/pointer.ts';
import { loadManifests, readSourceFile, type ParserKind, type SourceFile } from '../load/index.ts';
import type { SchemaValidator } from '../validate/index.ts';
import { schemaFindings } from './schema-findings.ts';

/** Where a plain file's objects are validated: its Kubernetes version and environment. */
export interface PlainFileContext {
  kubernetesVersion: string;
  environment: string | undefined;
}

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
  findings: Finding[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

/**
 * Loads and schema-validates plain files one after another (synchronous: small local files),
 * then runs every rule once over all their objects: together they are one scope.
 */
export function validatePlainFiles(files: readonly string[], options: PlainFilesOptions): PlainFilesResult {
  const manifests: Manifest[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const loaded = loadPlainFile(file, options.contextOf(file), options);
    findings.push(...loaded.findings);
    for (const manifest of loaded.manifests) {
      findings.push(...schemaFindings(manifest, options.validator, options.ignoreMissingSchemas));
      manifests.push(manifest);
    }
  }
  if (manifests.length === 0) return { manifests, findings, exemptionsApplied: 0 };
  const checked = runRules([manifests], options.config, { inlineExemptions: options.inlineExemptions });
  return { manifests, findings: [...findings, ...checked.findings], exemptionsApplied: checked.exemptionsApplied };
}

/** Reads and loads one plain file: its objects, and its YAML problems (or why it could not be read). */
export function loadPlainFile(
  file: string,
  context: PlainFileContext,
  options: Pick<PlainFilesOptions, 'cwd' | 'parser'>,
): { manifests: Manifest[]; findings: Finding[] } {
  // Read as UTF-8 bytes, size-capped and screened.
  const source = readSourceFile(file, path.resolve(options.cwd, file), { parser: options.parser });
  if (source instanceof Error) {
    return {
      manifests: [],
      findings: [placedFinding('yaml', { message: `cannot read file: ${source.message}`, target: file, at: { file, line: 1, column: 1 } })],
    };
  }
  const { entries, problems } = loadManifests(source);
  return {
    manifests: entries.map((entry) => plainManifest(source, entry.object, entry.documentIndex, entry.pointerPrefix, context)),
    findings: problems.map((problem) =>
      placedFinding('yaml', {
        message: problem.message,
        target: source.file,
        pointer: problem.pointer,
        at: { file: source.file, line: problem.line, column: problem.column },
      }),
    ),
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
