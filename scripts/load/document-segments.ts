/** Where one document of a stream lies in the text. */
export interface DocumentSegment {
  /** Offset of the segment's first character in the whole text. */
  start: number;
  end: number;
  /** Line (1-based) the segment starts on. */
  line: number;
}

const contentLine = /^[ \t]*[^\s#]/m;

/**
 * Splits a stream the fast parser accepted into its documents' texts, so that positions for one
 * document cost a parse of that document, not of the whole file. The fast parser only accepts
 * streams whose `---` markers stand alone on their lines and which have no `...` markers or
 * directives, so a marker is a line that is exactly `---` (blanks and a comment may follow).
 * Returns undefined when the split does not give `count` documents (then the whole file is
 * parsed instead). Found with indexOf rather than multi-line regular expressions: this runs on
 * every file with a finding.
 */
export function documentSegments(text: string, count: number): DocumentSegment[] | undefined {
  if (hasEndMarker(text)) return undefined;
  const starts = markerLines(text);
  // Text before the first marker is a document only when it has content (not just comments).
  if (starts.length === 0 || contentLine.test(text.slice(0, starts[0]))) starts.unshift(0);
  if (starts.length !== count) return undefined;
  let line = 1;
  let counted = 0;
  return starts.map((start, index) => {
    for (let offset = text.indexOf('\n', counted); offset !== -1 && offset < start; offset = text.indexOf('\n', offset + 1)) line++;
    counted = start;
    return { start, end: starts[index + 1] ?? text.length, line };
  });
}

/** Offsets of the lines that are `---`, perhaps followed by blanks and a comment (CRLF lines too). */
function markerLines(text: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf('---'); index !== -1; index = text.indexOf('---', index + 3)) {
    if (index > 0 && text.charCodeAt(index - 1) !== 0x0a) continue;
    let after = index + 3;
    while (text.charCodeAt(after) === 0x20 || text.charCodeAt(after) === 0x09) after++;
    const next = text.charCodeAt(after);
    if (after >= text.length || next === 0x0a || next === 0x0d || next === 0x23) found.push(index);
  }
  return found;
}

/** Whether a line starts with `...` followed by a blank or its end (a document end marker). */
function hasEndMarker(text: string): boolean {
  for (let index = text.indexOf('...'); index !== -1; index = text.indexOf('...', index + 1)) {
    if (index > 0 && text.charCodeAt(index - 1) !== 0x0a) continue;
    const next = text.charCodeAt(index + 3);
    if (index + 3 >= text.length || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) return true;
  }
  return false;
}
