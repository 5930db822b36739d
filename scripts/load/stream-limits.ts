import { documentIndexAt, documentStarts } from './document-bounds.ts';
import { DOCUMENT_BYTES_LIMIT, DOCUMENT_COUNT_LIMIT, DOCUMENT_NODE_LIMIT, PRECISE_STREAM_NODE_LIMIT, STREAM_BYTES_LIMIT } from './limits.ts';
import type { YamlProblem } from './source-file.ts';
import { positionAt } from './text-position.ts';

const BYTES_PER_CHARACTER = 3;

export const STREAM_TOO_LARGE = `the file is larger than the limit of ${mebibytes(STREAM_BYTES_LIMIT)} per file or rendered stream`;

/**
 * The limits of limits.ts that can be checked on the text alone, before any parser runs: the
 * stream's bytes, its documents, each document's bytes and nodes. Each problem is located where
 * the limit is crossed (the document's start for a document's bytes). Cheap for ordinary files:
 * nothing is scanned when the text is too short to cross a limit.
 */
export function streamLimitProblems(text: string): YamlProblem[] {
  if (text.length * BYTES_PER_CHARACTER > STREAM_BYTES_LIMIT && Buffer.byteLength(text) > STREAM_BYTES_LIMIT) {
    const offset = firstCharacterPastBytes(text, 0, STREAM_BYTES_LIMIT);
    return [problemAt(text, offset, 0, STREAM_TOO_LARGE)];
  }
  const documentsMayCross = text.length * BYTES_PER_CHARACTER > DOCUMENT_BYTES_LIMIT || text.length > DOCUMENT_NODE_LIMIT;
  // Each document needs at least `---` and a line break.
  if (!documentsMayCross && text.length < DOCUMENT_COUNT_LIMIT * 4) return [];
  const starts = documentStarts(text);
  if (starts.length > DOCUMENT_COUNT_LIMIT) {
    const message = `the stream has more than ${DOCUMENT_COUNT_LIMIT.toLocaleString('en-US')} documents (the limit per file or rendered stream)`;
    return [problemAt(text, starts[DOCUMENT_COUNT_LIMIT]!, DOCUMENT_COUNT_LIMIT, message)];
  }
  const problems: YamlProblem[] = [];
  starts.forEach((start, documentIndex) => {
    const end = starts[documentIndex + 1] ?? text.length;
    const problem = documentLimitProblem(text, start, end, documentIndex);
    if (problem !== undefined) problems.push(problem);
  });
  return problems;
}

function documentLimitProblem(text: string, start: number, end: number, documentIndex: number): YamlProblem | undefined {
  const length = end - start;
  if (length * BYTES_PER_CHARACTER > DOCUMENT_BYTES_LIMIT && Buffer.byteLength(text.slice(start, end)) > DOCUMENT_BYTES_LIMIT) {
    return problemAt(text, start, documentIndex, `the document is larger than the limit of ${mebibytes(DOCUMENT_BYTES_LIMIT)} per document`);
  }
  if (length <= DOCUMENT_NODE_LIMIT) return undefined;
  const offset = offsetPastNodeLimit(text, start, end, DOCUMENT_NODE_LIMIT);
  if (offset === undefined) return undefined;
  const message = `the document has more than ${DOCUMENT_NODE_LIMIT.toLocaleString('en-US')} YAML nodes (the limit per document; keys, values, items and lines all count)`;
  return problemAt(text, offset, documentIndex, message);
}

/**
 * The limit for a stream that only the `yaml` package can read (the fast parser declined it),
 * located where the count crosses it; undefined within it.
 */
export function preciseStreamLimitProblem(text: string): YamlProblem | undefined {
  if (text.length <= PRECISE_STREAM_NODE_LIMIT) return undefined;
  const offset = offsetPastNodeLimit(text, 0, text.length, PRECISE_STREAM_NODE_LIMIT);
  if (offset === undefined) return undefined;
  const message =
    `the stream has more than ${PRECISE_STREAM_NODE_LIMIT.toLocaleString('en-US')} YAML nodes, the limit for a stream with anchors, tags ` +
    'or other syntax only the slower `yaml` parser reads (keys, values, items and lines all count): split the file';
  return problemAt(text, offset, documentIndexAt(documentStarts(text), offset), message);
}

/**
 * Where the upper bound on the nodes of text[start, end) passes `limit`, or undefined: every node
 * but the first starts after a line break, `,`, `[`, `{`, `:`, or a `-` followed by a blank (a
 * sequence entry).
 */
function offsetPastNodeLimit(text: string, start: number, end: number, limit: number): number | undefined {
  let nodes = 1;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    const startsNode =
      code === 0x0a || code === 0x2c || code === 0x5b || code === 0x7b || code === 0x3a || (code === 0x2d && (next === 0x20 || next === 0x0a));
    if (startsNode && ++nodes > limit) return index;
  }
  return undefined;
}

/** The offset of the first character of text[start...] whose last byte lies past `limit` bytes from start. */
function firstCharacterPastBytes(text: string, start: number, limit: number): number {
  let low = start;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (Buffer.byteLength(text.slice(start, middle + 1)) > limit) high = middle;
    else low = middle + 1;
  }
  return low;
}

function problemAt(text: string, offset: number, documentIndex: number, message: string): YamlProblem {
  return { message, ...positionAt(text, offset), documentIndex };
}

function mebibytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
