import { deepFreeze, type KubeObject } from '../core/manifest.ts';
import { toPointer, type PathSegment } from '../core/pointer.ts';
import { describeValue } from './describe-value.ts';
import type { SourceFile } from './source-file.ts';

export interface LoadedEntry {
  /** Deep-frozen, with string `apiVersion`, `kind` and `metadata.name` or `metadata.generateName`. */
  object: KubeObject;
  documentIndex: number;
  /** '' for a document, '/items/3' for an item of a `kind: List`. */
  pointerPrefix: string;
}

export interface LoadProblem {
  message: string;
  line: number;
  column: number;
  documentIndex: number;
  pointer: string;
}

/**
 * Loads Kubernetes objects from a file: the entry point for plain inputs and for rendered
 * kustomize output. Every input ends in entries and/or problems; it never throws on bad input.
 * Empty documents (and `null`, which kubectl skips too) are passed over silently.
 */
export function loadManifests(source: SourceFile): { entries: LoadedEntry[]; problems: LoadProblem[] } {
  const entries: LoadedEntry[] = [];
  const problems: LoadProblem[] = source.problems().map((problem) => ({ ...problem, pointer: '' }));
  source.documents().forEach((document, documentIndex) => {
    if (document === undefined || document === null) return;
    const report = (message: string, path: readonly PathSegment[], at: readonly PathSegment[] = path): void => {
      const { line, column } = path.length === 0 ? source.documentStart(documentIndex) : source.locate(documentIndex, at);
      problems.push({ message, line, column, documentIndex, pointer: toPointer(path) });
    };
    collectObjects(document, [], 'document', report, (object, path) =>
      entries.push({ object, documentIndex, pointerPrefix: toPointer(path) }),
    );
  });
  return { entries, problems };
}

type Report = (message: string, path: readonly PathSegment[], at?: readonly PathSegment[]) => void;

/** Checks one object, or expands a list (`kind: List`, `PodList`, ...) into its items. */
function collectObjects(
  value: unknown,
  path: readonly PathSegment[],
  what: 'document' | 'list item',
  report: Report,
  accept: (object: KubeObject, path: readonly PathSegment[]) => void,
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(`${what} is not a mapping (found ${describeValue(value)})`, path);
    return;
  }
  const object = value as Record<string, unknown>;
  const items = object.items;
  // A list (`kind: List`, as kubectl writes it) has no name of its own: its items are the objects.
  if (typeof object.apiVersion === 'string' && typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(items)) {
    items.forEach((item, index) => collectObjects(item, [...path, 'items', index], 'list item', report, accept));
    return;
  }
  if (!hasObjectIdentity(object, path, what, report)) return;
  // SourceFile already froze it: this only states the contract.
  accept(deepFreeze(object as unknown as KubeObject), path);
}

/** apiVersion, kind, and metadata.name or metadata.generateName, all strings: what every later stage relies on. */
function hasObjectIdentity(object: Record<string, unknown>, path: readonly PathSegment[], what: string, report: Report): boolean {
  const missing = ['apiVersion', 'kind'].filter((field) => object[field] === undefined || object[field] === null || object[field] === '');
  if (missing.length > 0) {
    report(`${what} has no ${missing.map((field) => `"${field}"`).join(' and no ')}`, path);
    return false;
  }
  let valid = true;
  for (const field of ['apiVersion', 'kind']) {
    if (typeof object[field] !== 'string') {
      report(`"${field}" must be a string (found ${describeValue(object[field])})`, [...path, field]);
      valid = false;
    }
  }
  const metadata = object.metadata;
  if (metadata === undefined || metadata === null) {
    report(`${what} has no "metadata.name" (or "metadata.generateName")`, path);
    return false;
  }
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    report(`"metadata" must be a mapping (found ${describeValue(metadata)})`, [...path, 'metadata']);
    return false;
  }
  const { name, generateName } = metadata as Record<string, unknown>;
  if ((name === undefined || name === null || name === '') && (generateName === undefined || generateName === null || generateName === '')) {
    report(`${what} has no "metadata.name" (or "metadata.generateName")`, [...path, 'metadata']);
    return false;
  }
  for (const [field, fieldValue] of [['name', name], ['generateName', generateName]] as const) {
    if (fieldValue !== undefined && fieldValue !== null && typeof fieldValue !== 'string') {
      report(`"metadata.${field}" must be a string (found ${describeValue(fieldValue)})`, [...path, 'metadata', field]);
      valid = false;
    }
  }
  return valid;
}
