import { parseBlockRecording, type PositionEntry } from './block-parse.ts';

/** What a path step finds: the offset to report, the node itself or its nearest existing ancestor. */
export interface PositionStep {
  offset: number;
  found: 'exact' | 'ancestor';
}

/**
 * Source offsets inside one document that the line parser (block-parse.ts) reads, from the
 * positions it records while parsing: for the block style kustomize writes, several times cheaper
 * than the `yaml` AST (which matters when hundreds of documents have a finding). It answers what
 * `followPath` answers on that AST: a mapping entry's key, a sequence item's start, and the
 * nearest existing ancestor for a step that does not exist.
 */
export class BlockPositions {
  private constructor(private readonly root: PositionEntry) {}

  /** Positions for `text`, one document; undefined when the line parser does not take it. */
  static of(text: string): BlockPositions | undefined {
    const parsed = parseBlockRecording(text);
    if (parsed === undefined || parsed.roots.length !== 1) return undefined;
    return new BlockPositions(parsed.roots[0]!);
  }

  documentOffset(): number {
    return this.root.offset;
  }

  locate(path: readonly (string | number)[]): PositionStep {
    let entry = this.root;
    for (const segment of path) {
      const node = entry.node;
      const next =
        node === undefined
          ? undefined
          : node.kind === 'mapping'
            ? node.entries.get(String(segment))
            : node.items[typeof segment === 'number' ? segment : /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1];
      if (next === undefined) return { offset: entry.offset, found: 'ancestor' };
      entry = next;
    }
    return { offset: entry.offset, found: 'exact' };
  }
}
