import { isUtf8 } from 'node:buffer';
import type { LocatedProblem } from './located-problem.ts';

/**
 * Characters go-yaml (the decoder kustomize uses) and the `yaml` package may read differently, or
 * that the API server rejects: anything but LF, CRLF and printable Unicode. A tab is refused too:
 * go-yaml refuses it in places YAML 1.2 allows it (after a `- `, measured). NEL, LINE
 * SEPARATOR and PARAGRAPH SEPARATOR are line breaks to go-yaml (YAML 1.1) and ordinary characters
 * to `yaml` (YAML 1.2), and so is a CR not followed by LF: each would let the two parsers see
 * different lines. A BOM is allowed only as the first character.
 */
const disallowedCharacter =
  /\r(?!\n)|[^\n\r\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Decodes `bytes` as strict UTF-8 and refuses what a YAML text must not contain, located. */
export function checkYamlText(file: string, bytes: Buffer): { text: string } | { problem: LocatedProblem } {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Byte(bytes);
    const before = bytes.subarray(0, offset).toString('utf8');
    const { line, column } = positionIn(before, before.length);
    return { problem: { file, line, column, message: `invalid UTF-8 at byte ${offset}: a kustomization must be UTF-8 text` } };
  }
  const text = bytes.toString('utf8');
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const match = disallowedCharacter.exec(start === 0 ? text : text.slice(1));
  if (match) {
    const offset = match.index + start;
    const { line, column } = positionIn(text, offset);
    return { problem: { file, line, column, message: describeCharacter(match[0]) } };
  }
  const directive = /^\uFEFF?%/m.exec(text);
  if (directive) {
    const offset = directive.index;
    const { line, column } = positionIn(text, offset);
    return {
      problem: { file, line, column, message: 'YAML directives (%YAML, %TAG) are not allowed: go-yaml and this validator read them differently' },
    };
  }
  return { text };
}

function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<number, string> = {
    0x00: 'a NUL character',
    0x09: 'a tab, which go-yaml reads differently from YAML 1.2 in places (indent with spaces)',
    0x0d: 'a carriage return not followed by a line feed',
    0x85: 'a NEXT LINE (NEL) character, a line break to go-yaml but not to YAML 1.2',
    0x2028: 'a LINE SEPARATOR character, a line break to go-yaml but not to YAML 1.2',
    0x2029: 'a PARAGRAPH SEPARATOR character, a line break to go-yaml but not to YAML 1.2',
    0xfeff: 'a byte order mark after the start of the file',
  };
  return `${names[code] ?? `the non-printable character ${hex}`} (${hex}) is not allowed in a kustomization: kustomize and this validator could read different documents`;
}

/** The 1-based line and column (in UTF-16 code units, as editors count most characters) of `offset`. */
export function positionIn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8Byte(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const length = utf8SequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return bytes.length;
}

/** The length of the well-formed UTF-8 sequence at `index` (RFC 3629), or 0 when it is not one. */
function utf8SequenceLength(bytes: Buffer, index: number): number {
  const first = bytes[index] ?? 0;
  if (first < 0x80) return 1;
  const [length, low, high] =
    first >= 0xc2 && first <= 0xdf ? [2, 0x80, 0xbf]
    : first === 0xe0 ? [3, 0xa0, 0xbf]
    : first === 0xed ? [3, 0x80, 0x9f]
    : first >= 0xe1 && first <= 0xef ? [3, 0x80, 0xbf]
    : first === 0xf0 ? [4, 0x90, 0xbf]
    : first === 0xf4 ? [4, 0x80, 0x8f]
    : first >= 0xf1 && first <= 0xf3 ? [4, 0x80, 0xbf]
    : [0, 0, 0];
  if (length === 0 || index + length > bytes.length) return 0;
  const second = bytes[index + 1] ?? 0;
  if (second < low || second > high) return 0;
  for (let next = 2; next < length; next++) {
    const byte = bytes[index + next] ?? 0;
    if (byte < 0x80 || byte > 0xbf) return 0;
  }
  return length;
}

/** Deeper than any kustomization needs, shallow enough for every parser's recursion. */
export const maxFlowDepth = 64;
export const maxIndentation = 256;
export const maxIndicatorsOnALine = 16;
const overIndented = new RegExp(`^ {${maxIndentation + 1}}`, 'm');
// `- - - x` nests without indenting: a few levels on one line are YAML, thousands a parser bomb.
const overCompact = new RegExp(`^ *(?:[-?:] +){${maxIndicatorsOnALine + 1}}`, 'm');

/**
 * Refuses nesting that would exhaust a recursive parser (the `yaml` package, past its stack, can
 * end the process in a fatal out-of-memory error): flow brackets are counted without regard to
 * quotes, which only over-counts, indentation and collections started on one line are measured
 * per line. Together they bound the depth to a few hundred.
 */
export function checkNesting(file: string, text: string): LocatedProblem | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x5b || code === 0x7b) {
      if (++depth > maxFlowDepth) {
        return { file, ...positionIn(text, index), message: `flow collections are nested more than ${maxFlowDepth} deep` };
      }
    } else if ((code === 0x5d || code === 0x7d) && depth > 0) depth--;
  }
  const deep = overIndented.exec(text);
  if (deep) return { file, ...positionIn(text, deep.index), message: `a line is indented more than ${maxIndentation} columns` };
  const compact = overCompact.exec(text);
  if (compact) return { file, ...positionIn(text, compact.index), message: `more than ${maxIndicatorsOnALine} nested collections start on one line` };
  return undefined;
}
