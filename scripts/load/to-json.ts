import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { ALIAS_EXPANSION_LIMIT, NESTING_DEPTH_LIMIT } from './limits.ts';
import { jsonMappingKey } from './mapping-key.ts';
import { isMergeKey, resolveScalarNode } from './node-scalar.ts';
import { setOwnProperty } from './own-property.ts';

/** A problem found while turning a document into JSON, at an offset in the source text. */
export interface ConversionProblem {
  message: string;
  offset: number;
  /** A limit stopped the conversion (see YamlProblem.bound). */
  bound?: true;
}

export interface Conversion {
  /** The document's JSON value; undefined when there were problems. */
  value: unknown;
  problems: ConversionProblem[];
}

/**
 * Turns a parsed document into plain, deep-frozen JSON data as sigs.k8s.io/yaml would: go-yaml's
 * scalar types, JSON key strings, merge keys, and every alias expanded into its own copy (so
 * nothing is shared), within ALIAS_EXPANSION_LIMIT copied nodes and NESTING_DEPTH_LIMIT levels.
 */
export function documentToJson(document: Document.Parsed, lineOf: (offset: number) => number): Conversion {
  const converter = new JsonConverter(lineOf);
  try {
    const value = converter.value(document.contents, 0, 0);
    return converter.problems.length > 0 ? { value: undefined, problems: converter.problems } : { value, problems: [] };
  } catch (error) {
    if (!(error instanceof LimitExceeded)) throw error;
    return { value: undefined, problems: [...converter.problems, { message: error.message, offset: error.offset, bound: true }] };
  }
}

/** Stops the conversion: past a limit nothing more is worth reading. */
class LimitExceeded extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class JsonConverter {
  readonly problems: ConversionProblem[] = [];
  /** Anchors seen so far in document order: an alias refers to the latest one before it. */
  private readonly anchors = new Map<string, Node>();
  /** Nodes being converted, to catch an alias to an enclosing anchor. */
  private readonly open = new Set<Node>();
  private aliasDepth = 0;
  private outermostAliasOffset = 0;
  private copiedNodes = 0;

  constructor(private readonly lineOf: (offset: number) => number) {}

  value(node: Node | null, depth: number, fallbackOffset: number): unknown {
    if (node === null) return null;
    const offset = node.range?.[0] ?? fallbackOffset;
    if (depth > NESTING_DEPTH_LIMIT) {
      throw new LimitExceeded(`nesting deeper than ${NESTING_DEPTH_LIMIT} levels`, offset);
    }
    if (this.aliasDepth > 0 && ++this.copiedNodes > ALIAS_EXPANSION_LIMIT) {
      throw new LimitExceeded(
        `YAML alias expansion exceeds the limit of ${ALIAS_EXPANSION_LIMIT} nodes (a "billion laughs" document?)`,
        this.outermostAliasOffset,
      );
    }
    if (isAlias(node)) return this.alias(node, depth, offset);
    if (node.anchor !== undefined && this.aliasDepth === 0) this.anchors.set(node.anchor, node);
    if (isScalar(node)) return this.scalar(node, offset);
    this.open.add(node);
    try {
      return isMap(node)
        ? this.mapping(node as YAMLMap<Node | null, Node | null>, depth, offset)
        : this.sequence(node as YAMLSeq<Node | null>, depth, offset);
    } finally {
      this.open.delete(node);
    }
  }

  private scalar(node: Parameters<typeof resolveScalarNode>[0], offset: number): unknown {
    const resolved = resolveScalarNode(node);
    if ('error' in resolved) return this.report(resolved.error, offset);
    if (typeof resolved.value === 'number' && !Number.isFinite(resolved.value)) {
      // encoding/json refuses these, so kubectl fails on the whole document.
      const goSpelling = Number.isNaN(resolved.value) ? 'NaN' : resolved.value > 0 ? '+Inf' : '-Inf';
      return this.report(`${node.source} is not a JSON number (kubectl fails: "json: unsupported value: ${goSpelling}")`, offset);
    }
    return resolved.value;
  }

  private alias(node: Alias, depth: number, offset: number): unknown {
    const target = this.anchors.get(node.source);
    if (target === undefined) return this.report(`unknown alias "*${node.source}" (an anchor must come before its alias)`, offset);
    if (this.open.has(target)) return this.report(`anchor "&${node.source}" contains an alias to itself`, offset);
    if (this.aliasDepth === 0) this.outermostAliasOffset = offset;
    this.aliasDepth += 1;
    try {
      return this.value(target, depth, offset);
    } finally {
      this.aliasDepth -= 1;
    }
  }

  private mapping(node: YAMLMap<Node | null, Node | null>, depth: number, offset: number): Readonly<Record<string, unknown>> {
    const result: Record<string, unknown> = {};
    const explicitKeyOffsets = new Map<string, number>();
    for (const pair of node.items) {
      const keyOffset = pair.key?.range?.[0] ?? pair.value?.range?.[0] ?? offset;
      if (isMergeKey(pair.key)) {
        this.merge(result, pair.value, depth, keyOffset);
        continue;
      }
      const key = this.mappingKey(pair.key, keyOffset);
      if (key === undefined) continue;
      const firstOffset = explicitKeyOffsets.get(key);
      if (firstOffset !== undefined) {
        this.report(`duplicate key "${key}" (first defined at line ${this.lineOf(firstOffset)})`, keyOffset);
        continue;
      }
      explicitKeyOffsets.set(key, keyOffset);
      setOwnProperty(result, key, this.value(pair.value, depth + 1, keyOffset));
    }
    return Object.freeze(result);
  }

  /** `<<: *base` or `<<: [*a, *b]`: keys not already set are copied in, earlier sources first. */
  private merge(target: Record<string, unknown>, source: Node | null, depth: number, offset: number): void {
    const sources = isSeq(source) ? (source.items as (Node | null)[]) : [source];
    for (const item of sources) {
      const mapping = isAlias(item) ? this.anchors.get(item.source) : item;
      if (mapping === undefined) {
        this.value(item, depth + 1, offset);
        continue;
      }
      if (!isMap(mapping)) {
        this.report('a merge key (<<) needs a mapping or a sequence of mappings', item?.range?.[0] ?? offset);
        continue;
      }
      const merged = this.value(item, depth + 1, offset);
      if (merged === null || typeof merged !== 'object') continue;
      for (const [key, value] of Object.entries(merged)) {
        if (!Object.prototype.hasOwnProperty.call(target, key)) setOwnProperty(target, key, value);
      }
    }
  }

  /** The JSON key of a mapping key node, as sigs.k8s.io/yaml converts it; undefined if rejected. */
  private mappingKey(node: Node | null, offset: number): string | undefined {
    const keyNode = isAlias(node) ? this.anchors.get(node.source) : node;
    if (keyNode === undefined) {
      this.report(`unknown alias "*${(node as Alias).source}" (an anchor must come before its alias)`, offset);
      return undefined;
    }
    if (keyNode !== null && !isScalar(keyNode)) {
      this.report(`a mapping key must be a string, number or boolean (found ${isMap(keyNode) ? 'a mapping' : 'a sequence'})`, offset);
      return undefined;
    }
    const resolved = keyNode === null ? { kind: 'null' as const, value: null } : resolveScalarNode(keyNode);
    if ('error' in resolved) {
      this.report(resolved.error, offset);
      return undefined;
    }
    const key = jsonMappingKey(resolved);
    if (key === undefined) {
      const found = resolved.kind === 'null' ? 'null' : 'an unsigned 64-bit integer';
      this.report(`a mapping key must be a string, number or boolean (found ${found})`, offset);
    }
    return key;
  }

  private sequence(node: YAMLSeq<Node | null>, depth: number, offset: number): readonly unknown[] {
    return Object.freeze(node.items.map((item) => this.value(item, depth + 1, offset)));
  }

  private report(message: string, offset: number): null {
    this.problems.push({ message, offset });
    return null;
  }
}
