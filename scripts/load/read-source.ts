import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { STREAM_BYTES_LIMIT } from './limits.ts';
import { SourceFile, type ParserKind } from './source-file.ts';
import { STREAM_TOO_LARGE } from './stream-limits.ts';
import { positionAtByte } from './text-position.ts';

/**
 * Reads a YAML/JSON file as kustomize and kubectl do, as bytes that must be UTF-8, and never more
 * than STREAM_BYTES_LIMIT of them (a device or a growing file cannot make it read without end).
 * A file too large or not UTF-8 is a SourceFile with one located problem; a file that cannot be
 * read, or is not a regular file (a FIFO would block, a device never ends), is an Error.
 */
export function readSourceFile(file: string, absolutePath: string, options: { parser?: ParserKind } = {}): SourceFile | Error {
  let text: string | undefined;
  try {
    text = readSmallText(absolutePath);
  } catch (error) {
    return error as Error;
  }
  if (text !== undefined && !text.includes(REPLACEMENT_CHARACTER)) return new SourceFile(file, text, options);
  // Too large, or holding U+FFFD, which is either in the file or stands for bytes that are not UTF-8.
  let bytes: Buffer;
  try {
    bytes = readCapped(absolutePath, STREAM_BYTES_LIMIT + 1);
  } catch (error) {
    return error as Error;
  }
  if (bytes.length > STREAM_BYTES_LIMIT) {
    return SourceFile.refused(file, { message: STREAM_TOO_LARGE, ...positionAtByte(bytes, STREAM_BYTES_LIMIT), documentIndex: 0 });
  }
  try {
    return new SourceFile(file, UTF8.decode(bytes), options);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const message = `invalid UTF-8 (byte 0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')}): YAML must be UTF-8 text, and kustomize refuses the file`;
    return SourceFile.refused(file, { message, ...positionAtByte(bytes, offset), documentIndex: 0 });
  }
}

const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * The text of a regular file within the limit, decoded by Node in one step (several times cheaper
 * than bytes and a TextDecoder); undefined when the file is larger. Opened non-blocking, so that
 * a FIFO fails instead of hanging.
 */
function readSmallText(absolutePath: string): string | undefined {
  const descriptor = openRegularFile(absolutePath);
  try {
    if (fstatSync(descriptor).size > STREAM_BYTES_LIMIT) return undefined;
    const bytes = readFileSync(descriptor);
    // ASCII (nearly every manifest) is its own Latin-1 text: copied into a one-byte string
    // without the UTF-8 decoder.
    return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

function openRegularFile(absolutePath: string): number {
  const descriptor = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(descriptor).isFile()) {
    closeSync(descriptor);
    throw new Error('not a regular file');
  }
  return descriptor;
}

/** Keeps a leading byte order mark in the text, as `readFileSync(file, 'utf8')` did: positions count it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Up to `cap` bytes of a regular file, which may have grown since it was measured. */
function readCapped(absolutePath: string, cap: number): Buffer {
  const descriptor = openRegularFile(absolutePath);
  try {
    const stat = fstatSync(descriptor);
    // One read for the common case: the size it has, and one byte more to see the end.
    const chunks: Buffer[] = [];
    let total = 0;
    let chunkSize = Math.min(stat.size + 1, cap);
    while (total < cap) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, cap - total));
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      chunkSize = 1024 * 1024;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(descriptor);
  }
}

/** The offset of the first byte that does not begin a well-formed UTF-8 sequence (shortest form, no surrogates, at most U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const following = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (following === 0) return index;
    let codePoint = lead & (0x3f >> following);
    for (let offset = 1; offset <= following; offset += 1) {
      const continuation = bytes[index + offset];
      if (continuation === undefined || (continuation & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    const shortest = following === 1 ? 0x80 : following === 2 ? 0x800 : 0x10000;
    if (codePoint < shortest || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += following + 1;
  }
  return bytes.length;
}
