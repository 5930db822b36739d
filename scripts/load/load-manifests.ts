import { deepFreeze, type KubeObject } from '../core/manifest.ts';
import { toPointer, type PathSegment } from '../core/pointer.ts';
import { describeType as describeValue } from '../core/describe-value.ts';
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
  const collector = new ObjectCollector(source);
  source.documents().forEach((document, documentIndex) => {
    if (document !== undefined && document !== null) collector.collect(document, documentIndex, [], 'document');
  });
  return { entries: collector.entries, problems: collector.problems };
}

class ObjectCollector {
  readonly entries: LoadedEntry[] = [];
  readonly problems: LoadProblem[];

  constructor(private readonly source: SourceFile) {
    this.problems = source.problems().map((problem) => ({ ...problem, pointer: '' }));
  }

  /** Checks one object, or expands a list (`kind: List`, `PodList`, ...) into its items. */
  collect(value: unknown, documentIndex: number, path: readonly PathSegment[], what: 'document' | 'list item'): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.report(`${what} is not a mapping (found ${describeValue(value)})`, documentIndex, path);
      return;
    }
    const object = value as Record<string, unknown>;
    const { apiVersion, kind, items } = object;
    // A list (`kind: List`, as kubectl writes it) has no name of its own: its items are the objects.
    if (typeof apiVersion === 'string' && typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
      items.forEach((item, index) => this.collect(item, documentIndex, [...path, 'items', index], 'list item'));
      return;
    }
    if (!this.hasIdentity(object, documentIndex, path, what)) return;
    // SourceFile already froze it: this only states the contract.
    this.entries.push({ object: deepFreeze(object as unknown as KubeObject), documentIndex, pointerPrefix: toPointer(path) });
  }

  /** apiVersion, kind, and metadata.name or metadata.generateName, all strings: what every later stage relies on. */
  private hasIdentity(object: Record<string, unknown>, documentIndex: number, path: readonly PathSegment[], what: string): boolean {
    const missing = ['apiVersion', 'kind'].filter((field) => isAbsent(object[field]));
    if (missing.length > 0) {
      this.report(`${what} has no ${missing.map((field) => `"${field}"`).join(' and no ')}`, documentIndex, path);
      return false;
    }
    let valid = true;
    for (const field of ['apiVersion', 'kind']) {
      if (typeof object[field] !== 'string') {
        this.report(`"${field}" must be a string (found ${describeValue(object[field])})`, documentIndex, [...path, field]);
        valid = false;
      }
    }
    const metadata = object.metadata;
    if (isAbsent(metadata)) {
      this.report(`${what} has no "metadata.name" (or "metadata.generateName")`, documentIndex, path);
      return false;
    }
    if (typeof metadata !== 'object' || Array.isArray(metadata)) {
      this.report(`"metadata" must be a mapping (found ${describeValue(metadata)})`, documentIndex, [...path, 'metadata']);
      return false;
    }
    const { name, generateName } = metadata as Record<string, unknown>;
    if (isAbsent(name) && isAbsent(generateName)) {
      this.report(`${what} has no "metadata.name" (or "metadata.generateName")`, documentIndex, [...path, 'metadata']);
      return false;
    }
    for (const [field, fieldValue] of [['name', name], ['generateName', generateName]] as const) {
      if (!isAbsent(fieldValue) && typeof fieldValue !== 'string') {
        this.report(`"metadata.${field}" must be a string (found ${describeValue(fieldValue)})`, documentIndex, [...path, 'metadata', field]);
        valid = false;
      }
    }
    return valid;
  }

  /** A problem at the node the path names, or at the document's start for the whole document. */
  private report(message: string, documentIndex: number, path: readonly PathSegment[]): void {
    const { line, column } = path.length === 0 ? this.source.documentStart(documentIndex) : this.source.locate(documentIndex, path);
    this.problems.push({ message, line, column, documentIndex, pointer: toPointer(path) });
  }
}

/** Missing, null or empty: the API server treats all three as not set. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
