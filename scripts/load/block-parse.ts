import type { DocumentSegment } from './document-segments.ts';
import { FAST_PATH_DEPTH_LIMIT } from './limits.ts';
import { setOwnProperty } from './own-property.ts';
import { resolvePlainNonString } from './scalar-resolution.ts';
import { hasUnusualSyntax } from './unusual-syntax.ts';

/**
 * The fastest path, for the canonical block style that kustomize and kubectl (and most people)
 * write: block mappings and sequences, one-line plain and quoted scalars, literal block scalars
 * (`|`, `|-`), empty flow collections (`{}`, `[]`), comments and `---` separators. It reads line by
 * line, about three times faster than js-yaml, and declines (undefined) on the first thing outside
 * that subset, so that js-yaml and then the `yaml` package decide: anything else it would have to
 * interpret (escapes, folding, flow content, multi-line scalars, anchors, tags, explicit keys,
 * duplicate or non-string keys, empty documents, tabs, carriage returns) is not guessed at. Where
 * it accepts, it gives what the precise path gives: plain scalars are typed by go-yaml's rules
 * (scalar-resolution.ts), every mapping and sequence is frozen, key order is kept.
 * `test/load.test.ts` compares it with both other parsers on generated and mutated streams.
 */
export function parseBlockStream(text: string): readonly unknown[] | undefined {
  return hasUnusualSyntax(text) ? undefined : parseScreenedBlockStream(text)?.documents;
}

/**
 * parseBlockStream for a text that hasUnusualSyntax already passed (the fast path screens once),
 * with where each document lies in the text (what documentSegments would find, noted on the way).
 */
export function parseScreenedBlockStream(text: string): { documents: readonly unknown[]; segments: readonly DocumentSegment[] } | undefined {
  return read(text, false);
}

/** Where a node's text starts, and the positions inside it (none for a scalar). */
export interface PositionEntry {
  offset: number;
  node: PositionNode | undefined;
}

/** A mapping's entries by key (offset: the key's), or a sequence's items (offset: the item's start). */
export type PositionNode = { kind: 'mapping'; entries: Map<string, PositionEntry> } | { kind: 'sequence'; items: PositionEntry[] };

/**
 * parseBlockStream, also giving every document's positions: where its content starts, each
 * mapping entry's key and each sequence item's start (what a person is pointed at). For the one
 * document with a finding, so speed matters less here than agreeing with the `yaml` AST.
 */
export function parseBlockRecording(text: string): { documents: readonly unknown[]; roots: readonly PositionEntry[] } | undefined {
  return hasUnusualSyntax(text) ? undefined : read(text, true);
}

function read(
  text: string,
  recording: boolean,
): { documents: readonly unknown[]; roots: readonly PositionEntry[]; segments: readonly DocumentSegment[] } | undefined {
  if (text.indexOf('\t') !== -1 || text.indexOf('\r') !== -1) return undefined;
  const reader = new BlockReader(text, recording);
  try {
    const documents = reader.stream();
    return documents && { documents, roots: reader.roots, segments: reader.segments };
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/**
 * Thrown to abandon a parse: the caller answers undefined (not an error of the input, only of this
 * parser). One instance made once, so a decline costs no stack capture.
 */
const DECLINE = new Error('outside the block subset');

function decline(): never {
  throw DECLINE;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const PIPE = 0x7c;

/** Below YAML's limit of 1024 characters for an implicit key. */
const MAX_KEY_LENGTH = 1000;

/** Characters a plain scalar may not start with (c-indicator, less `-`, handled on its own). */
const INDICATOR = new Uint8Array(128);
for (const character of '?:,[]{}#&*!|>\'"%@`') INDICATOR[character.charCodeAt(0)] = 1;

class BlockReader {
  private readonly text: string;
  private readonly end: number;
  /** Start of the line the reader is on, and its number (1-based). */
  private lineStart = 0;
  private line = 1;
  /** The current content line: its indentation, or -1 at a document marker or the end. */
  private indent = -1;
  /** Offset of the current line's first non-space character. */
  private content = 0;
  private depth = 0;
  /** With `recording`: the positions of the node just read (undefined for a scalar), and of each document. */
  private readonly recording: boolean;
  private positions: PositionNode | undefined;
  readonly roots: PositionEntry[] = [];
  /** Each document's text: from its `---` line (or the start of the text) to the next one. */
  readonly segments: DocumentSegment[] = [];

  constructor(text: string, recording: boolean) {
    this.text = text;
    this.end = text.length;
    this.recording = recording;
  }

  stream(): readonly unknown[] | undefined {
    const documents: unknown[] = [];
    // Text before the first marker is a document only if it has content.
    this.seekContent();
    while (this.lineStart < this.end) {
      // Without a marker, the first document's text starts with the text (its comments too).
      let segment: DocumentSegment = { start: 0, end: this.end, line: 1 };
      if (this.indent === -1) {
        segment = { start: this.lineStart, end: this.end, line: this.line };
        // At a `---` line: a document follows; an empty one is declined.
        this.nextLine();
        this.seekContent();
        if (this.indent === -1) decline();
      }
      const previous = this.segments[this.segments.length - 1];
      if (previous !== undefined) previous.end = segment.start;
      this.segments.push(segment);
      const start = this.content;
      this.positions = undefined;
      documents.push(this.node(this.indent));
      if (this.recording) this.roots.push({ offset: start, node: this.positions });
      // The root node ends at a marker or at the end; anything else is misplaced content.
      if (this.indent !== -1) decline();
    }
    // A stream of only comments: js-yaml and `yaml` disagree, so the precise path decides.
    if (documents.length === 0) return undefined;
    return Object.freeze(documents);
  }

  /**
   * Moves to the next line that has content, past blank and comment lines, and sets `indent` and
   * `content`. A `---` line sets indent -1 and stays current; so does the end of the text.
   */
  private seekContent(): void {
    const text = this.text;
    while (this.lineStart < this.end) {
      let offset = this.lineStart;
      while (text.charCodeAt(offset) === SPACE) offset++;
      const code = text.charCodeAt(offset);
      if (offset === this.end || code === NEWLINE || code === HASH) {
        this.nextLine();
        continue;
      }
      if (offset === this.lineStart && (code === DASH || code === 0x2e) && this.isMarkerLine(offset)) {
        this.indent = -1;
        this.content = offset;
        return;
      }
      this.indent = offset - this.lineStart;
      this.content = offset;
      return;
    }
    this.indent = -1;
    this.content = this.end;
  }

  /** `---` alone on its line (a comment may follow). `...` and `--- content` are declined. */
  private isMarkerLine(offset: number): boolean {
    const text = this.text;
    if (!text.startsWith('---', offset) && !text.startsWith('...', offset)) return false;
    const after = text.charCodeAt(offset + 3);
    if (offset + 3 < this.end && after !== SPACE && after !== NEWLINE) return false;
    if (text.charCodeAt(offset) === 0x2e) decline();
    let index = offset + 3;
    while (text.charCodeAt(index) === SPACE) index++;
    const next = text.charCodeAt(index);
    if (index < this.end && next !== NEWLINE && !(next === HASH && index > offset + 3)) decline();
    return true;
  }

  private nextLine(): void {
    const newline = this.text.indexOf('\n', this.lineStart);
    if (newline === -1) {
      this.lineStart = this.end;
      return;
    }
    this.lineStart = newline + 1;
    this.line++;
  }

  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.end : newline;
  }

  /** The block node whose first line is the current line, at `indent`. */
  private node(indent: number): unknown {
    if (++this.depth > FAST_PATH_DEPTH_LIMIT) decline();
    const value = this.isSequenceEntry(this.content) ? this.sequence(indent) : this.mapping(indent, this.content);
    this.depth--;
    return value;
  }

  private isSequenceEntry(offset: number): boolean {
    if (this.text.charCodeAt(offset) !== DASH) return false;
    const next = this.text.charCodeAt(offset + 1);
    return offset + 1 >= this.end || next === SPACE || next === NEWLINE;
  }

  private sequence(indent: number): readonly unknown[] {
    const items: unknown[] = [];
    const positions: PositionEntry[] | undefined = this.recording ? [] : undefined;
    for (;;) {
      let offset = this.content + 1;
      while (this.text.charCodeAt(offset) === SPACE) offset++;
      const code = this.text.charCodeAt(offset);
      // An entry with nothing after its dash, a comment, or a nested compact sequence.
      if (offset >= this.end || code === NEWLINE || code === HASH || this.isSequenceEntry(offset)) decline();
      this.positions = undefined;
      if (this.keyEnd(offset) !== -1) {
        if (++this.depth > FAST_PATH_DEPTH_LIMIT) decline();
        items.push(this.mapping(offset - this.lineStart, offset));
        this.depth--;
      } else {
        items.push(this.inlineValue(offset, indent));
      }
      positions?.push({ offset, node: this.positions });
      if (this.indent !== indent || !this.isSequenceEntry(this.content)) {
        // A deeper line would continue the entry's scalar or be misplaced.
        if (this.indent > indent) decline();
        if (positions !== undefined) this.positions = { kind: 'sequence', items: positions };
        return Object.freeze(items);
      }
    }
  }

  /** A block mapping at `indent` whose first key starts at `first` (on the current line). */
  private mapping(indent: number, first: number): Readonly<Record<string, unknown>> {
    const mapping: Record<string, unknown> = {};
    const positions: Map<string, PositionEntry> | undefined = this.recording ? new Map() : undefined;
    let keyStart = first;
    for (;;) {
      const colon = this.keyEnd(keyStart);
      if (colon === -1) decline();
      const key = this.key(keyStart, colon);
      if (Object.hasOwn(mapping, key)) decline();
      let offset = colon + 1;
      while (this.text.charCodeAt(offset) === SPACE) offset++;
      const code = this.text.charCodeAt(offset);
      this.positions = undefined;
      const value = offset >= this.end || code === NEWLINE || code === HASH ? this.nestedValue(indent) : this.inlineValue(offset, indent);
      // The plain store for every other key keeps this, the hottest line of the load stage, as it was.
      if (key === '__proto__') setOwnProperty(mapping, key, value);
      else mapping[key] = value;
      positions?.set(key, { offset: keyStart, node: this.positions });
      if (this.indent === indent && !this.isSequenceEntry(this.content)) {
        keyStart = this.content;
        continue;
      }
      if (this.indent > indent || this.indent === indent) decline();
      if (positions !== undefined) this.positions = { kind: 'mapping', entries: positions };
      return Object.freeze(mapping);
    }
  }

  /** The value of a key with nothing after its colon: a block node on the following lines, or null. */
  private nestedValue(indent: number): unknown {
    this.nextLine();
    this.seekContent();
    if (this.indent > indent) return this.node(this.indent);
    // A sequence may sit at its key's own indentation.
    if (this.indent === indent && this.isSequenceEntry(this.content)) return this.node(indent);
    return null;
  }

  /**
   * Where the key that starts at `start` ends (the offset of its colon), or -1 when the line is
   * not `key: ...`. Plain keys must not start with an indicator; quoted keys have no escapes.
   */
  private keyEnd(start: number): number {
    const text = this.text;
    const first = text.charCodeAt(start);
    let index = start;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      // The colon right after the closing quote (`'key' :` is declined by the caller).
      index = this.quotedEnd(start) + 1;
    } else {
      if (first < 128 && INDICATOR[first] === 1) return -1;
      if (first === DASH) return -1;
      for (;;) {
        const code = text.charCodeAt(index);
        if (index >= this.end || code === NEWLINE) return -1;
        if (code === COLON) {
          const next = text.charCodeAt(index + 1);
          if (index + 1 >= this.end || next === SPACE || next === NEWLINE) break;
        } else if (code === HASH && text.charCodeAt(index - 1) === SPACE) {
          return -1;
        }
        index++;
      }
      // `key :` (a space before the colon) is valid YAML but rare: declined rather than trimmed.
      if (text.charCodeAt(index - 1) === SPACE) decline();
      return index;
    }
    const next = text.charCodeAt(index + 1);
    if (text.charCodeAt(index) !== COLON || !(index + 1 >= this.end || next === SPACE || next === NEWLINE)) return -1;
    return index;
  }

  /** The key's text, which must be a string (go-yaml would type `true:` or `1:` otherwise) and not `<<`. */
  private key(start: number, colon: number): string {
    // YAML limits an implicit key to 1024 characters; long keys are left to the other parsers.
    if (colon - start > MAX_KEY_LENGTH) decline();
    const first = this.text.charCodeAt(start);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) return this.quoted(start, colon - 1);
    const known = knownKey(this.text, start, colon);
    if (known !== undefined) return known;
    const key = this.text.slice(start, colon);
    if (key === '<<' || resolvePlainNonString(key) !== undefined) decline();
    rememberKey(key);
    return key;
  }

  /**
   * A value that starts on the key's or dash's line at `offset`: a plain or quoted scalar, `{}`,
   * `[]`, or a literal block scalar. Leaves the reader on the next content line.
   */
  private inlineValue(offset: number, indent: number): unknown {
    const text = this.text;
    const code = text.charCodeAt(offset);
    let value: unknown;
    let after: number;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      after = this.quotedEnd(offset);
      value = this.quoted(offset, after);
      after++;
    } else if (code === PIPE) {
      return this.literalBlock(offset, indent);
    } else if (code === 0x7b || code === 0x5b) {
      // Only empty flow collections: js-yaml decides any other flow content.
      const close = text.charCodeAt(offset + 1);
      if (close !== (code === 0x7b ? 0x7d : 0x5d)) decline();
      value = Object.freeze(code === 0x7b ? {} : []);
      after = offset + 2;
    } else {
      if ((code < 128 && INDICATOR[code] === 1) || this.isSequenceEntry(offset)) decline();
      const lineEnd = this.lineEnd(offset);
      let stop = lineEnd;
      for (let index = offset; index < lineEnd; index++) {
        const character = text.charCodeAt(index);
        if (character === HASH && text.charCodeAt(index - 1) === SPACE) {
          stop = index;
          break;
        }
        // `a: b: c` is an error, and `a: b:` is one too.
        if (character === COLON) {
          const next = text.charCodeAt(index + 1);
          if (index + 1 >= lineEnd || next === SPACE) decline();
        }
      }
      while (text.charCodeAt(stop - 1) === SPACE) stop--;
      value = plainValue(text.slice(offset, stop));
      after = lineEnd;
    }
    this.expectLineEnd(after);
    this.nextLine();
    this.seekContent();
    return value;
  }

  /** Only blanks and a comment may follow a value on its line. */
  private expectLineEnd(offset: number): void {
    const text = this.text;
    let index = offset;
    while (text.charCodeAt(index) === SPACE) index++;
    if (index >= this.end) return;
    const code = text.charCodeAt(index);
    if (code === NEWLINE) return;
    if (code === HASH && index > offset) return;
    decline();
  }

  /** The offset of the closing quote of the one-line quoted scalar at `start`. */
  private quotedEnd(start: number): number {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let index = start + 1;
    for (;;) {
      const code = text.charCodeAt(index);
      if (index >= this.end || code === NEWLINE) decline();
      if (code === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(index + 1) === SINGLE_QUOTE) {
          index += 2;
          continue;
        }
        return index;
      }
      // Escapes (and so every `\` in a double-quoted scalar) are left to js-yaml.
      if (code === BACKSLASH && quote === DOUBLE_QUOTE) decline();
      index++;
    }
  }

  private quoted(start: number, close: number): string {
    const body = this.text.slice(start + 1, close);
    return this.text.charCodeAt(start) === SINGLE_QUOTE && body.includes("''") ? body.replaceAll("''", "'") : body;
  }

  /**
   * A literal block scalar (`|` clip or `|-` strip) whose header is at `offset`, for a node at
   * `indent`. Keep chomping (`|+`), indentation indicators, folding (`>`), header comments, and
   * blank lines with more spaces than the content's indentation are declined.
   */
  private literalBlock(offset: number, indent: number): string {
    const text = this.text;
    let index = offset + 1;
    const strip = text.charCodeAt(index) === DASH;
    if (strip) index++;
    while (text.charCodeAt(index) === SPACE) index++;
    if (index >= this.end || text.charCodeAt(index) !== NEWLINE) decline();
    this.nextLine();
    const lines: string[] = [];
    let contentIndent = -1;
    let lastContent = -1;
    while (this.lineStart < this.end) {
      let column = this.lineStart;
      while (text.charCodeAt(column) === SPACE) column++;
      const spaces = column - this.lineStart;
      const code = text.charCodeAt(column);
      if (column >= this.end || code === NEWLINE) {
        // A blank line: part of the scalar (as a line break) unless the scalar has ended.
        if (contentIndent !== -1 && spaces > contentIndent) decline();
        if (column >= this.end) break;
        lines.push('');
        this.nextLine();
        continue;
      }
      if (contentIndent === -1) {
        if (spaces <= indent) break;
        contentIndent = spaces;
        // Leading blank lines longer than the content's indentation are an error in YAML.
        if (lines.length > 0 && this.hadLongBlank(offset, contentIndent)) decline();
      }
      if (spaces < contentIndent) break;
      const lineEnd = this.lineEnd(column);
      // The last line must end with a line break: js-yaml and `yaml` differ on a missing one.
      if (lineEnd >= this.end) decline();
      lines.push(text.slice(this.lineStart + contentIndent, lineEnd));
      lastContent = lines.length - 1;
      this.nextLine();
    }
    if (lastContent === -1) decline();
    this.seekContent();
    const body = lines.length === lastContent + 1 ? lines.join('\n') : lines.slice(0, lastContent + 1).join('\n');
    return strip ? body : body + '\n';
  }

  /** Whether a blank line between the header at `offset` and the first content line has more spaces than `contentIndent`. */
  private hadLongBlank(offset: number, contentIndent: number): boolean {
    let start = this.lineEnd(offset) + 1;
    while (start < this.lineStart) {
      const end = this.lineEnd(start);
      if (end - start > contentIndent) return true;
      start = end + 1;
    }
    return false;
  }
}

/** A plain scalar typed as go-yaml types it; merge keys and non-finite numbers are left to the precise path. */
function plainValue(text: string): unknown {
  const resolved = resolvePlainNonString(text);
  if (resolved === undefined) return text;
  if (typeof resolved.value === 'number' && !Number.isFinite(resolved.value)) decline();
  return resolved.value;
}

/**
 * Plain keys seen before, by length and first and last character. Manifests repeat a few hundred
 * keys endlessly; handing out the same (internalized) string saves a copy and a string-table lookup
 * per key. Bounded, so hostile input cannot grow it without end.
 */
const keyCache = new Map<number, string[]>();
const KEY_CACHE_LIMIT = 4096;
let keyCacheSize = 0;

function keyHash(text: string, start: number, end: number): number {
  return ((end - start) << 16) ^ (text.charCodeAt(start) << 8) ^ text.charCodeAt(end - 1);
}

function knownKey(text: string, start: number, end: number): string | undefined {
  const candidates = keyCache.get(keyHash(text, start, end));
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) if (text.startsWith(candidate, start)) return candidate;
  return undefined;
}

function rememberKey(key: string): void {
  if (keyCacheSize >= KEY_CACHE_LIMIT) return;
  // A computed property name is internalized: later lookups and stores with it are the fast kind.
  const internalized = Object.keys({ [key]: 0 })[0]!;
  const hash = keyHash(internalized, 0, internalized.length);
  const candidates = keyCache.get(hash);
  if (candidates === undefined) keyCache.set(hash, [internalized]);
  else candidates.push(internalized);
  keyCacheSize++;
}
