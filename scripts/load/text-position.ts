import type { SourcePosition } from './source-file.ts';

/** 1-based line and column of `offset` in `text`; lines end at line feeds, columns count UTF-16 units (as the `yaml` package's LineCounter does). */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** positionAt for a byte offset into UTF-8 bytes that may not decode past that offset. */
export function positionAtByte(bytes: Uint8Array, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1 && index < offset; index = bytes.indexOf(0x0a, index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}
