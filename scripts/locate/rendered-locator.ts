import path from 'node:path';
import type { SourceLocation } from '../core/diagnostic.ts';
import type { KubeObject } from '../core/manifest.ts';
import { parseImageReference } from '../core/image-reference.ts';
import { parsePointer, valueAt, type PathSegment } from '../core/pointer.ts';
import { SourceFile } from '../load/index.ts';
import type { BuildMetadata } from '../render/index.ts';
import { isMapping, translatePath } from './path-translation.ts';
import type { SourceFiles } from '../render/index.ts';

/** A place in a source file that may hold the field, and how much of the path it holds. */
interface Candidate {
  location: SourceLocation;
  /** Number of path segments found there. */
  depth: number;
  exact: boolean;
}

/** A patch document that applies to the object, inline or from a file. */
interface PatchDocument {
  source: SourceFile;
  documentIndex: number;
  value: unknown;
  /** Turns a position inside the patch text into a position in the file a person edits. */
  place(position: { line: number; column: number }): SourceLocation;
}

/**
 * Turns a JSON pointer inside a rendered object into the file, line and column a person edits:
 * the overlay's `images:` or `namespace:` entry for fields those transformers set; else the
 * outermost patch that sets the field; else the base file the object came from; else the nearest
 * existing ancestor; else the target's kustomization.
 */
export class RenderedObjectLocator {
  private patches: PatchDocument[] | undefined;

  constructor(
    private readonly files: SourceFiles,
    private readonly object: KubeObject,
    private readonly metadata: BuildMetadata,
    private readonly fallbackFile: string,
  ) {}

  locate(pointer: string): SourceLocation {
    const segments = parsePointer(pointer);
    const transformed = this.locateTransformedField(segments);
    if (transformed !== undefined) return transformed;

    const patches = this.patchDocuments().map((patch) =>
      Array.isArray(patch.value) ? this.findInJsonPatch(patch, segments) : this.findInDocument(patch, segments),
    );
    const originDocument = this.originDocument();
    const origin = originDocument && this.findInDocument(originDocument, segments);
    // A value is edited where it was last written (the outermost patch); an object or list is
    // edited where it is declared (the base file), even when patches add to it.
    const value = valueAt(this.object, segments);
    const isLeaf = value === null || typeof value !== 'object';
    const ordered = isLeaf ? [...patches, origin] : [origin, ...patches];
    const exact = ordered.find((candidate) => candidate?.exact);
    if (exact !== undefined) return exact.location;
    // On a tie the base file wins: that is where the rest of the object is written.
    const deepest = [origin, ...patches].reduce<Candidate | undefined>(
      (best, candidate) => (candidate !== undefined && (best === undefined || candidate.depth > best.depth) ? candidate : best),
      undefined,
    );
    if (deepest !== undefined) return deepest.location;
    return this.locateGenerated() ?? { file: this.files.display(this.fallbackFile), line: 1, column: 1 };
  }

  private findInDocument(document: PatchDocument, segments: readonly PathSegment[]): Candidate {
    const { path, exact } = translatePath(this.object, document.value, segments);
    return {
      location: document.place(document.source.locate(document.documentIndex, path)),
      depth: path.length,
      exact,
    };
  }

  /** A JSON 6902 patch sets the field when one of its add/replace operations writes it or an ancestor. */
  private findInJsonPatch(patch: PatchDocument, segments: readonly PathSegment[]): Candidate | undefined {
    const operations = patch.value as unknown[];
    for (let index = operations.length - 1; index >= 0; index--) {
      const operation = operations[index];
      if (!isMapping(operation) || typeof operation.path !== 'string') continue;
      if (operation.op !== 'add' && operation.op !== 'replace') continue;
      let operationPath: PathSegment[];
      try {
        operationPath = parsePointer(operation.path);
      } catch {
        continue;
      }
      if (operationPath.length > segments.length) continue;
      const isPrefix = operationPath.every(
        (segment, position) =>
          segment === segments[position] || (segment === '-' && typeof segments[position] === 'number'),
      );
      if (!isPrefix) continue;
      const written = valueAt(this.object, segments.slice(0, operationPath.length));
      const { path, exact } = translatePath(written, operation.value, segments.slice(operationPath.length));
      return {
        location: patch.place(patch.source.locate(patch.documentIndex, [index, 'value', ...path])),
        depth: operationPath.length + path.length,
        exact,
      };
    }
    return undefined;
  }

  /** Fields set by the overlay's own transformers are edited where the transformer is configured. */
  private locateTransformedField(segments: readonly PathSegment[]): SourceLocation | undefined {
    const pointer = segments.join('/');
    if (pointer === 'metadata/namespace') return this.locateKustomizationField('NamespaceTransformer', () => ['namespace']);
    if (pointer === 'spec/replicas') {
      return this.locateKustomizationField('ReplicaCountTransformer', (kustomization) =>
        indexedEntry(kustomization, 'replicas', (entry) => this.nameMatches(entry.name), ['count']),
      );
    }
    const last = segments[segments.length - 1];
    const list = segments[segments.length - 3];
    if (last === 'image' && (list === 'containers' || list === 'initContainers')) {
      const image = valueAt(this.object, segments);
      if (typeof image !== 'string') return undefined;
      const rendered = parseImageReference(image).repository;
      return this.locateKustomizationField('ImageTagTransformer', (kustomization) =>
        indexedEntry(
          kustomization,
          'images',
          (entry) => entry.newName === rendered || (entry.newName === undefined && entry.name === rendered),
          ['digest', 'newTag', 'newName'],
        ),
      );
    }
    return undefined;
  }

  /** The outermost kustomization that ran `transformer` and has the field `pathIn` picks out. */
  private locateKustomizationField(
    transformer: string,
    pathIn: (kustomization: Record<string, unknown>) => PathSegment[] | undefined,
  ): SourceLocation | undefined {
    const kustomizations = this.metadata.transformedIn
      .filter((entry) => entry.transformer === transformer)
      .map((entry) => entry.kustomization);
    for (const file of [...new Set(kustomizations)].reverse()) {
      const source = this.files.get(file);
      const kustomization = source?.documents()[0];
      if (source === undefined || !isMapping(kustomization)) continue;
      const path = pathIn(kustomization);
      if (path === undefined || valueAt(kustomization, path) === undefined) continue;
      const { line, column } = source.locate(0, path);
      return { file: source.file, line, column };
    }
    return undefined;
  }

  /** Patches from the kustomizations that transformed the object, outermost first. */
  private patchDocuments(): PatchDocument[] {
    if (this.patches !== undefined) return this.patches;
    const patches: PatchDocument[] = [];
    const kustomizations = [...new Set(this.metadata.transformedIn.map((entry) => entry.kustomization))].reverse();
    for (const file of kustomizations) {
      const source = this.files.get(file);
      const kustomization = source?.documents()[0];
      if (source === undefined || !isMapping(kustomization)) continue;
      const entries = [
        ...listOf(kustomization.patches).map((entry, index) => ({ entry, field: 'patches', index })),
        ...listOf(kustomization.patchesJson6902).map((entry, index) => ({ entry, field: 'patchesJson6902', index })),
        ...listOf(kustomization.patchesStrategicMerge).map((entry, index) => ({ entry, field: 'patchesStrategicMerge', index })),
      ];
      // Later patches win over earlier ones in the same kustomization.
      for (const { entry, field, index } of entries.reverse()) {
        patches.push(...this.patchDocumentsOf(file, source, entry, [field, index]));
      }
    }
    this.patches = patches;
    return patches;
  }

  private patchDocumentsOf(
    kustomizationFile: string,
    kustomization: SourceFile,
    entry: unknown,
    entryPath: PathSegment[],
  ): PatchDocument[] {
    const target = isMapping(entry) && isMapping(entry.target) ? entry.target : undefined;
    if (target !== undefined && !this.selectedBy(target)) return [];
    let source: SourceFile | undefined;
    let place = (position: { line: number; column: number }): SourceLocation => ({ file: source!.file, ...position });
    const patchPath = typeof entry === 'string' && !entry.includes('\n') ? entry : isMapping(entry) ? entry.path : undefined;
    if (typeof patchPath === 'string') {
      source = this.files.get(path.resolve(path.dirname(kustomizationFile), patchPath));
    } else {
      const inline = typeof entry === 'string' ? entry : isMapping(entry) ? entry.patch : undefined;
      const inlinePath = typeof entry === 'string' ? entryPath : [...entryPath, 'patch'];
      if (typeof inline !== 'string') return [];
      const embedded = this.embeddedPatch(kustomization, inline, inlinePath);
      source = embedded.source;
      place = embedded.place;
    }
    if (source === undefined) return [];
    const documents: PatchDocument[] = [];
    source.documents().forEach((value, documentIndex) => {
      const applies = Array.isArray(value)
        ? target !== undefined
        : isMapping(value) &&
          (target !== undefined || (value.kind === this.object.kind && this.nameMatches(valueAt(value, '/metadata/name'))));
      if (applies) documents.push({ source, documentIndex, value, place });
    });
    return documents;
  }

  /**
   * A patch written inline as a block scalar (`patch: |-`) is parsed on its own; its first line is
   * the line after the key, indented by the block's indentation.
   */
  private embeddedPatch(
    kustomization: SourceFile,
    text: string,
    path: PathSegment[],
  ): { source: SourceFile; place: (position: { line: number; column: number }) => SourceLocation } {
    const key = kustomization.locate(0, path);
    const lines = kustomization.text.split('\n');
    const source = new SourceFile(kustomization.file, text, { parser: 'precise' });
    if (!/:\s*\|[-+0-9]*\s*(#.*)?$/.test(lines[key.line - 1] ?? '')) {
      return { source, place: () => ({ file: kustomization.file, line: key.line, column: key.column }) };
    }
    const firstContent = lines.slice(key.line).find((line) => line.trim().length > 0) ?? '';
    const indent = firstContent.length - firstContent.trimStart().length;
    return {
      source,
      place: (position) => ({ file: kustomization.file, line: key.line + position.line, column: position.column + indent }),
    };
  }

  private originDocument(): PatchDocument | undefined {
    if (this.metadata.originFile === undefined) return undefined;
    const source = this.files.get(this.metadata.originFile);
    if (source === undefined) return undefined;
    const documents = source.documents();
    let best: { index: number; score: number } | undefined;
    documents.forEach((value, index) => {
      if (!isMapping(value) || value.kind !== this.object.kind) return;
      const name = valueAt(value, '/metadata/name');
      const score = name === this.object.metadata.name ? 1e6 : this.nameMatches(name) ? String(name).length : 0;
      if (best === undefined || score > best.score) best = { index, score };
    });
    if (best === undefined) return undefined;
    const documentIndex = (best as { index: number }).index;
    return { source, documentIndex, value: documents[documentIndex], place: (position) => ({ file: source.file, ...position }) };
  }

  /** A generated object (configMapGenerator, secretGenerator) is edited at its generator entry. */
  private locateGenerated(): SourceLocation | undefined {
    if (this.metadata.generatedIn === undefined) return undefined;
    const source = this.files.get(this.metadata.generatedIn);
    const kustomization = source?.documents()[0];
    if (source === undefined || !isMapping(kustomization)) return undefined;
    const field = this.metadata.generator === 'SecretGenerator' ? 'secretGenerator' : 'configMapGenerator';
    const path = indexedEntry(kustomization, field, (entry) => this.nameMatches(entry.name), []) ?? [];
    const { line, column } = source.locate(0, path);
    return { file: source.file, line, column };
  }

  private selectedBy(target: Record<string, unknown>): boolean {
    if (typeof target.kind === 'string' && target.kind !== this.object.kind) return false;
    if (typeof target.name === 'string' && !this.nameMatches(target.name)) {
      try {
        if (!new RegExp(target.name).test(this.object.metadata.name ?? '')) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Names change on the way out (prefixes, suffixes, hashes): a source name is kept inside. */
  private nameMatches(name: unknown): boolean {
    return typeof name === 'string' && name.length > 0 && (this.object.metadata.name ?? '').includes(name);
  }
}

/** The path `[field, index, key]` of the first entry of the list `field` that `matches`, preferring the first key it has. */
function indexedEntry(
  kustomization: Record<string, unknown>,
  field: string,
  matches: (entry: Record<string, unknown>) => boolean,
  preferredKeys: string[],
): PathSegment[] | undefined {
  const list = kustomization[field];
  if (!Array.isArray(list)) return undefined;
  const index = list.findIndex((entry) => isMapping(entry) && matches(entry));
  if (index < 0) return undefined;
  const entry = list[index] as Record<string, unknown>;
  const key = preferredKeys.find((candidate) => entry[candidate] !== undefined);
  return key === undefined ? [field, index] : [field, index, key];
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
