import { isScalar, Scalar, type Document, type YAMLError } from 'yaml';
import { documentSegments, type DocumentSegment } from './document-segments.ts';
import { parseFastWithSegments } from './fast-parse.ts';
import { documentOffset, followPath } from './node-path.ts';
import { parsePrecise, type PreciseStream } from './precise-parse.ts';
import { characterProblems } from './screen-text.ts';
import { preciseStreamLimitProblem, streamLimitProblems } from './stream-limits.ts';
import { documentToJson } from './to-json.ts';
import { BlockPositions } from './block-positions.ts';

/**
 * Which parsers read a file: `fast` (the line parser, then js-yaml, then `yaml`), `js-yaml` (the
 * fast path without the line parser, which the benchmark measures side by side), or `precise`
 * (`yaml` alone). All three give the same documents and positions.
 */
export type ParserKind = 'fast' | 'js-yaml' | 'precise';

/** A problem in a YAML/JSON stream, located. 1-based line/column. */
export interface YamlProblem {
  message: string;
  line: number;
  column: number;
  documentIndex: number;
}

export interface SourcePosition {
  line: number;
  column: number;
}

const FILE_START: SourcePosition = Object.freeze({ line: 1, column: 1 });

interface PreciseView {
  document: Document.Parsed;
  position(offset: number): SourcePosition;
}

interface BlockView {
  positions: BlockPositions;
  position(offset: number): SourcePosition;
}

interface ParsedStream {
  documents: readonly unknown[];
  problems: readonly YamlProblem[];
  /** The problems that are a refusal of the text or a bound that stopped its reading. */
  bounds: readonly YamlProblem[];
  /** Refused before parsing (by screen-text.ts, or by the reader): no parser may see the text. */
  refused: boolean;
  /** The YAML syntax errors among the problems (what no YAML parser reads past). */
  syntax: readonly YamlProblem[];
}

function refusedStream(problems: readonly YamlProblem[]): ParsedStream {
  return { documents: Object.freeze([]), problems, bounds: problems, refused: true, syntax: [] };
}

/**
 * One YAML/JSON text file: its documents as deep-frozen JSON values, its problems, and source
 * positions on demand. The fast parser is tried first (when allowed); the `yaml` AST, which
 * positions need, is built only when the fast parser declines or someone asks for a position,
 * and then once: for the file, or for the one document asked about of a fast-parsed stream.
 * Before either parser, the text is screened (screen-text.ts), so that no parser ever sees a text
 * beyond the limits or one that kubectl and kustomize would read differently.
 */
export class SourceFile {
  readonly file: string;
  readonly text: string;
  private readonly parser: ParserKind;
  private parsed: ParsedStream | undefined;
  private precise: PreciseStream | undefined;
  /**
   * Per-document texts of a fast-parsed stream (noted by the line parser, else found on first
   * use); null when positions come from the whole stream.
   */
  private segments: readonly DocumentSegment[] | null | undefined;
  private readonly views = new Map<number, PreciseView>();
  /** Per document of a fast-parsed stream: the line parser's positions, or null where it declines. */
  private readonly blockViews = new Map<number, BlockView | null>();

  constructor(file: string, text: string, options: { parser?: ParserKind } = {}) {
    this.file = file;
    this.text = text;
    this.parser = options.parser ?? 'fast';
  }

  /**
   * A source whose text was refused before parsing (too large, not UTF-8): no documents, the one
   * problem, and positions at the start of the file.
   */
  static refused(file: string, problem: YamlProblem): SourceFile {
    const source = new SourceFile(file, '');
    source.parsed = refusedStream([problem]);
    return source;
  }

  /**
   * Parsed JSON value of every document in the stream, in order, including empty ones (null).
   * Problems make a document's value undefined; a text refused as a whole (screen-text.ts: a
   * limit crossed, a character kubectl and kustomize read differently) has no documents at all.
   */
  documents(): readonly unknown[] {
    return this.parse().documents;
  }

  problems(): readonly YamlProblem[] {
    return this.parse().problems;
  }

  /** The YAML syntax errors of the text (the first of the stream and of each document), located. */
  syntaxProblems(): readonly YamlProblem[] {
    return this.parse().syntax;
  }

  /**
   * The problems that say the text was refused before parsing (a character or directive
   * kustomize and kubectl read differently, invalid UTF-8, a size limit) or that a bound stopped
   * its reading (alias expansion, nesting): what the render stage screens kustomize's inputs for.
   */
  boundProblems(): readonly YamlProblem[] {
    return this.parse().bounds;
  }

  /**
   * Source position of the node at `path` inside document `documentIndex`. For a mapping entry it
   * is the KEY's position, for a sequence item the item's start. When the path does not exist, the
   * position of the nearest existing ancestor with found: 'ancestor'.
   */
  locate(documentIndex: number, path: readonly (string | number)[]): SourcePosition & { found: 'exact' | 'ancestor' } {
    const block = this.blockView(documentIndex);
    if (block !== undefined) {
      const step = block.positions.locate(path);
      return { ...block.position(step.offset), found: step.found };
    }
    const view = this.preciseView(documentIndex);
    if (view === undefined) return { ...FILE_START, found: 'ancestor' };
    const step = followPath(view.document, path);
    return { ...view.position(step.offset), found: step.found };
  }

  /** The source text of a plain (unquoted) scalar at path, or undefined (quoted, block, missing, not a scalar). */
  plainScalar(documentIndex: number, path: readonly (string | number)[]): string | undefined {
    const view = this.preciseView(documentIndex);
    if (view === undefined) return undefined;
    const step = followPath(view.document, path);
    const node = step.node;
    if (step.found !== 'exact' || !isScalar(node) || node.type !== Scalar.PLAIN || node.tag !== undefined) return undefined;
    return node.source;
  }

  /** Position of the start of a document (line of its first content or of its `---`). */
  documentStart(documentIndex: number): SourcePosition {
    const block = this.blockView(documentIndex);
    if (block !== undefined) return block.position(block.positions.documentOffset());
    const view = this.preciseView(documentIndex);
    return view === undefined ? FILE_START : view.position(documentOffset(view.document));
  }

  /**
   * The `yaml` AST of one document and how its offsets map to lines. When the fast parser read the
   * file, only the document asked about is parsed again (a finding in a file of a hundred
   * documents costs one document's parse); otherwise the whole stream's AST is used.
   */
  private preciseView(documentIndex: number): PreciseView | undefined {
    if (this.parse().refused) return undefined;
    const segment = this.segment(documentIndex);
    if (segment === undefined) {
      const document = this.preciseDocument(documentIndex);
      return document && { document, position: (offset) => this.position(offset) };
    }
    let view = this.views.get(documentIndex);
    if (view === undefined) {
      const stream = parsePrecise(this.text.slice(segment.start, segment.end));
      const document = stream.documents[0];
      if (document === undefined || stream.documents.length !== 1) {
        this.segments = null;
        return this.preciseView(documentIndex);
      }
      view = {
        document,
        position: (offset) => {
          const { line, col } = stream.lineCounter.linePos(offset);
          return { line: line + segment.line - 1, column: col };
        },
      };
      this.views.set(documentIndex, view);
    }
    return view;
  }

  /**
   * The document's positions from the line parser's records, when the fast parser read the stream
   * and the line parser takes the document's own text. Undefined otherwise: the `yaml` AST answers.
   */
  private blockView(documentIndex: number): BlockView | undefined {
    if (this.parser !== 'fast') return undefined;
    const segment = this.segment(documentIndex);
    if (segment === undefined) return undefined;
    let view = this.blockViews.get(documentIndex);
    if (view === undefined) {
      const text = this.text.slice(segment.start, segment.end);
      const positions = BlockPositions.of(text);
      view = positions === undefined ? null : { positions, position: (offset) => segmentPosition(text, segment, offset) };
      this.blockViews.set(documentIndex, view);
    }
    return view ?? undefined;
  }

  /**
   * Where one document of a fast-parsed stream lies in the text; undefined when the whole
   * stream's AST is used instead (the precise parser read it, or the split failed).
   */
  private segment(documentIndex: number): DocumentSegment | undefined {
    if (this.precise === undefined && this.segments === undefined) {
      // The line parser notes the segments as it reads; a stream js-yaml read is split here.
      const documents = this.parse().documents;
      if (this.segments === undefined) {
        this.segments = this.precise === undefined && documents.length > 0 ? documentSegments(this.text, documents.length) ?? null : null;
      }
    }
    return this.segments?.[documentIndex];
  }

  private parse(): ParsedStream {
    this.parsed ??= this.read();
    return this.parsed;
  }

  private read(): ParsedStream {
    const beyondLimits = streamLimitProblems(this.text);
    if (beyondLimits.length > 0) return refusedStream(beyondLimits);
    const fast = this.parser === 'precise' ? undefined : parseFastWithSegments(this.text, { lineParser: this.parser === 'fast' });
    // The fast parser declines every text that characterProblems refuses: only the others are scanned.
    if (fast !== undefined) {
      if (fast.segments !== undefined) this.segments = fast.segments;
      return { documents: fast.documents, problems: [], bounds: [], refused: false, syntax: [] };
    }
    const refused = characterProblems(this.text);
    if (refused.length > 0) return refusedStream(refused);
    const tooLargeToParsePrecisely = preciseStreamLimitProblem(this.text);
    return tooLargeToParsePrecisely !== undefined ? refusedStream([tooLargeToParsePrecisely]) : this.parseWithPositions();
  }

  private parseWithPositions(): ParsedStream {
    const stream = this.preciseStream();
    const lineOf = (offset: number): number => stream.lineCounter.linePos(offset).line;
    const problems: YamlProblem[] = stream.streamErrors.slice(0, 1).map((error) => this.problem(syntaxMessage(error), error.pos[0], 0));
    const syntax: YamlProblem[] = [...problems];
    const bounds: YamlProblem[] = [];
    const documents = stream.documents.map((document, documentIndex) => {
      // The first syntax error of a document: the ones after it mostly follow from it.
      const syntaxError = document.errors[0];
      if (syntaxError !== undefined) {
        const problem = this.problem(syntaxMessage(syntaxError), syntaxError.pos[0], documentIndex);
        problems.push(problem);
        syntax.push(problem);
        return undefined;
      }
      const conversion = documentToJson(document, lineOf);
      for (const problem of conversion.problems) {
        const located = this.problem(problem.message, problem.offset, documentIndex);
        problems.push(located);
        if (problem.bound) bounds.push(located);
      }
      return conversion.value;
    });
    return { documents: Object.freeze(documents), problems, bounds, refused: false, syntax };
  }

  private problem(message: string, offset: number, documentIndex: number): YamlProblem {
    return { message, ...this.position(offset), documentIndex };
  }

  private preciseStream(): PreciseStream {
    this.precise ??= parsePrecise(this.text);
    return this.precise;
  }

  private preciseDocument(documentIndex: number): Document.Parsed | undefined {
    return this.preciseStream().documents[documentIndex];
  }

  private position(offset: number): SourcePosition {
    const { line, col } = this.preciseStream().lineCounter.linePos(offset);
    return { line, column: col };
  }
}

/** The `yaml` package's message, except where its words describe the parser rather than the file. */
function syntaxMessage(error: YAMLError): string {
  return error.message.includes('Maximum call stack size exceeded') ? 'nesting too deep to parse' : error.message;
}

/** Line and column of `offset` in a document's text that starts at `segment` of the stream. */
function segmentPosition(text: string, segment: DocumentSegment, offset: number): SourcePosition {
  let line = segment.line;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
