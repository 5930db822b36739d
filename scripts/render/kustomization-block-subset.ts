import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/**
 * A fast reader for the block-style subset of YAML kustomizations are written in: block mappings
 * and sequences, plain keys, one-line plain or quoted values without escapes, comments, and block
 * scalars as mapping values. On that subset YAML 1.1 (go-yaml, kustomize) and 1.2 (the `yaml`
 * package) read the same document, and this reads it without the `yaml` package's parser, whose
 * start-up and speed cost more than every unchanged run can spare. It builds the same nodes the
 * `yaml` package would (with offsets as ranges); anything outside the subset, it declines
 * (undefined) and the caller parses with the `yaml` package.
 */
export function readBlockSubset(text: string): YAMLMap | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const lines: Line[] = [];
  let offset = 0;
  for (const content of text.split('\n')) {
    lines.push({ content, offset, indent: content.length - content.trimStart().length });
    offset += content.length + 1;
  }
  const reader = new BlockReader(lines);
  try {
    reader.skipComments();
    const line = reader.peek();
    if (line === undefined || line.indent !== 0) return undefined;
    const root = reader.mapping(0);
    reader.skipComments();
    return reader.peek() === undefined && root instanceof YAMLMap ? root : undefined;
  } catch (error) {
    if (error === outsideSubset) return undefined;
    throw error;
  }
}

interface Line {
  content: string;
  offset: number;
  indent: number;
}

const outsideSubset = new Error('outside the block subset');

const key = String.raw`[A-Za-z0-9_][A-Za-z0-9_./-]*`;
const plain = String.raw`[A-Za-z0-9_./+=][A-Za-z0-9_./+=:@~-]*(?<!:)`;
const value = String.raw`(?:(?<plain>${plain})|"(?<double>[^"\\]*)"|'(?<single>[^']*)')(?: +#.*)?`;
const keyLine = new RegExp(String.raw`^(?<key>${key}):(?:(?: +(?<value>${value}))|(?: +(?<block>[|>][-+]?)(?: +#.*)?)|(?: +#.*)?)$`);
const scalarLine = new RegExp(String.raw`^${value}$`);

class BlockReader {
  private index = 0;
  constructor(private readonly lines: readonly Line[]) {}

  peek(): Line | undefined {
    return this.lines[this.index];
  }

  /** Skips blank and comment-only lines, which YAML allows at any indentation between nodes. */
  skipComments(): void {
    while (this.index < this.lines.length && /^ *(#.*)?$/.test(this.lines[this.index]?.content ?? '')) this.index++;
  }

  /** A block mapping whose keys are at `indent`, starting at the current line. */
  mapping(indent: number, firstKeyColumn = indent): YAMLMap {
    const map = new YAMLMap();
    let column = firstKeyColumn;
    for (;;) {
      const line = this.peek();
      if (line === undefined) break;
      const text = line.content.slice(column);
      const match = keyLine.exec(text);
      if (match === null || match.groups === undefined) throw outsideSubset;
      const keyNode = scalar(match.groups.key ?? '', 'PLAIN', line.offset + column);
      this.index++;
      let valueNode: Node;
      if (match.groups.value !== undefined) {
        valueNode = scalarFrom(match, line.offset + column + text.indexOf(match.groups.value, (match.groups.key ?? '').length + 1));
      } else if (match.groups.block !== undefined) {
        valueNode = this.blockScalar(indent, line.offset + column + text.indexOf(match.groups.block, (match.groups.key ?? '').length + 1));
      } else {
        const afterColon = column + (match.groups.key ?? '').length + 1;
        valueNode = this.nested(indent, true, line.offset + afterColon + spacesAt(line.content, afterColon));
      }
      map.items.push(new Pair(keyNode, valueNode));
      this.skipComments();
      const next = this.peek();
      if (next === undefined || next.indent < indent) break;
      if (next.indent > indent) throw outsideSubset;
      column = indent;
    }
    return map;
  }

  /** A block sequence whose dashes are at `indent`. */
  private sequence(indent: number): YAMLSeq {
    const seq = new YAMLSeq();
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent !== indent || !/^-( |$)/.test(line.content.slice(indent))) throw outsideSubset;
      const rest = line.content.slice(indent + 1);
      const itemColumn = indent + 1 + (rest.length - rest.trimStart().length);
      const item = line.content.slice(itemColumn);
      if (item === '' || item.startsWith('#')) {
        if (item.startsWith('#') && !/^ +#/.test(rest)) throw outsideSubset;
        this.index++;
        seq.items.push(this.nested(indent, false, line.offset + itemColumn));
      } else if (keyLine.test(item)) {
        seq.items.push(this.mapping(itemColumn, itemColumn));
      } else {
        const match = scalarLine.exec(item);
        if (match === null) throw outsideSubset;
        seq.items.push(scalarFrom(match, line.offset + itemColumn));
        this.index++;
      }
      this.skipComments();
      const next = this.peek();
      if (next === undefined || next.indent < indent) break;
      if (next.indent > indent) throw outsideSubset;
      // At its own indentation, a line that is no item ends the sequence: the parent reads it.
      if (!/^-( |$)/.test(next.content.slice(indent))) break;
    }
    return seq;
  }

  /**
   * The node on the lines after a key or dash with nothing after it: a mapping indented more, a
   * sequence indented more (or, after a key, as much), or nothing: a null scalar where the
   * `yaml` package puts one (after the indicator and its spaces).
   */
  private nested(parentIndent: number, afterKey: boolean, nullOffset: number): Node {
    this.skipComments();
    const line = this.peek();
    if (line === undefined) return nullScalar(nullOffset);
    const isDash = /^-( |$)/.test(line.content.slice(line.indent));
    // `key:` then `- item` at the key's own indentation: declined below the top level, where it is rare.
    const sameIndentSequence = afterKey && parentIndent === 0 && line.indent === 0;
    if (isDash && (line.indent > parentIndent || sameIndentSequence)) return this.sequence(line.indent);
    if (!isDash && line.indent > parentIndent) return this.mapping(line.indent);
    return nullScalar(nullOffset);
  }

  /**
   * A `|` or `>` block scalar after a key at `parentIndent`: its lines are kept only as a range
   * (a kustomization's block scalars are inline patches, never paths). The indentation rules the
   * two parsers enforce are checked; anything unusual is declined.
   */
  private blockScalar(parentIndent: number, start: number): Scalar {
    let contentIndent: number | undefined;
    let leadingBlankWidth = 0;
    let end = start;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index] as Line;
      if (line.content.trim() === '') {
        if (contentIndent === undefined) leadingBlankWidth = Math.max(leadingBlankWidth, line.content.length);
        this.index++;
        continue;
      }
      if (line.indent <= parentIndent) break;
      contentIndent ??= line.indent;
      if (line.indent < contentIndent) throw outsideSubset;
      end = line.offset + line.content.length;
      this.index++;
    }
    if (contentIndent !== undefined && leadingBlankWidth > contentIndent) throw outsideSubset;
    const node = new Scalar('');
    node.type = 'BLOCK_LITERAL';
    node.range = [start, end, end];
    return node;
  }
}

function spacesAt(text: string, index: number): number {
  let count = 0;
  while (text[index + count] === ' ') count++;
  return count;
}

function nullScalar(offset: number): Scalar {
  const node = new Scalar(null);
  node.range = [offset, offset, offset];
  return node;
}

function scalarFrom(match: RegExpExecArray, offset: number): Scalar {
  const groups = match.groups ?? {};
  if (groups.double !== undefined) return scalar(groups.double, 'QUOTE_DOUBLE', offset);
  if (groups.single !== undefined) return scalar(groups.single, 'QUOTE_SINGLE', offset);
  return scalar(groups.plain ?? '', 'PLAIN', offset);
}

/** A scalar as the `yaml` package's core schema resolves it; plain numbers other than integers are declined. */
function scalar(source: string, type: Scalar.Type, offset: number): Scalar {
  let resolved: unknown = source;
  if (type === 'PLAIN') {
    if (/^(null|Null|NULL|~)$/.test(source)) resolved = null;
    else if (/^(true|True|TRUE)$/.test(source)) resolved = true;
    else if (/^(false|False|FALSE)$/.test(source)) resolved = false;
    else if (/^[0-9]+$/.test(source) && !/^0[0-9]/.test(source)) resolved = Number(source);
    else if (/^[-+]?[0-9.]/.test(source) && /^[-+.0-9_:a-fA-FxXoObBeEtTzZ ]*$/.test(source)) throw outsideSubset;
    else if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(source)) throw outsideSubset;
  }
  const node = new Scalar(resolved);
  node.type = type;
  node.source = source;
  const end = offset + source.length + (type === 'PLAIN' ? 0 : 2);
  node.range = [offset, end, end];
  return node;
}
