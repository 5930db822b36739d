import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node } from 'yaml';
import { jsonMappingKey } from './mapping-key.ts';
import { isMergeKey, resolveScalarNode } from './node-scalar.ts';

/** Where a path led in a document's AST: the deepest node reached and the offset to report. */
export interface PathStep {
  node: Node | null;
  /** For a mapping entry the key's offset (where a person edits `resources:`), else the node's. */
  offset: number;
  found: 'exact' | 'ancestor';
}

/**
 * Follows a JSON path through a document's AST, through aliases and merge keys, to the source a
 * person edits. Stops at the nearest existing ancestor when a step is missing.
 */
export function followPath(document: Document.Parsed, path: readonly (string | number)[]): PathStep {
  let node: Node | null = document.contents;
  let offset = documentOffset(document);
  for (const segment of path) {
    const step = childOf(document, dereference(document, node), segment);
    if (step === undefined) return { node, offset, found: 'ancestor' };
    node = step.node;
    offset = step.offset;
  }
  return { node: dereference(document, node), offset, found: 'exact' };
}

/** The start of a document: its first content, or its `---` when it has no content. */
export function documentOffset(document: Document.Parsed): number {
  const contents = document.contents;
  const isEmpty = contents === null || (isScalar(contents) && contents.source === '' && contents.tag === undefined);
  return (isEmpty ? undefined : contents.range?.[0]) ?? document.range[0];
}

function childOf(
  document: Document.Parsed,
  node: Node | null,
  segment: string | number,
  mergeChain: ReadonlySet<Node> = new Set(),
): { node: Node | null; offset: number } | undefined {
  if (isSeq(node)) {
    const index = typeof segment === 'number' ? segment : /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1;
    const item = node.items[index] as Node | null | undefined;
    if (item === undefined) return undefined;
    return { node: item, offset: item?.range?.[0] ?? node.range?.[0] ?? 0 };
  }
  if (!isMap(node)) return undefined;
  const key = String(segment);
  const mergeSources: (Node | null)[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const valueNode = pair.value as Node | null;
    if (isMergeKey(keyNode)) {
      mergeSources.push(...(isSeq(valueNode) ? (valueNode.items as (Node | null)[]) : [valueNode]));
    } else if (keyString(document, keyNode) === key) {
      return { node: valueNode, offset: keyNode?.range?.[0] ?? valueNode?.range?.[0] ?? node.range?.[0] ?? 0 };
    }
  }
  // Explicit keys win over merged ones; among merge sources the earlier wins.
  for (const source of mergeSources) {
    const mapping = dereference(document, source);
    // A merge source that is (or contains) this very mapping would loop forever.
    if (mapping === null || mapping === node || mergeChain.has(mapping)) continue;
    const step = childOf(document, mapping, segment, new Set([...mergeChain, node]));
    if (step !== undefined) return step;
  }
  return undefined;
}

function keyString(document: Document.Parsed, node: Node | null): string | undefined {
  const keyNode = dereference(document, node);
  if (!isScalar(keyNode)) return undefined;
  const resolved = resolveScalarNode(keyNode);
  return 'error' in resolved ? undefined : jsonMappingKey(resolved);
}

/** An alias stands for the latest node before it that carries its anchor. */
function dereference(document: Document.Parsed, node: Node | null): Node | null {
  if (!isAlias(node)) return node;
  const aliasOffset = node.range?.[0] ?? 0;
  let target: Node | null = null;
  for (const anchored of anchoredNodes(document)) {
    if ((anchored.range?.[0] ?? 0) >= aliasOffset) break;
    if (anchored.anchor === node.source) target = anchored;
  }
  return target;
}

const anchoredNodesByDocument = new WeakMap<Document.Parsed, Exclude<Node, Alias>[]>();

/** The document's anchored nodes in source order, collected once. */
function anchoredNodes(document: Document.Parsed): Exclude<Node, Alias>[] {
  let nodes = anchoredNodesByDocument.get(document);
  if (nodes === undefined) {
    const collected: Exclude<Node, Alias>[] = [];
    visit(document, {
      Node(_key, node) {
        if (!isAlias(node) && node.anchor !== undefined) collected.push(node);
      },
    });
    nodes = collected.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    anchoredNodesByDocument.set(document, nodes);
  }
  return nodes;
}
