/** Where one document of a stream lies in the text. */
export interface DocumentSegment {
  /** Offset of the segment's first character in the whole text. */
  start: number;
  end: number;
  /** Line (1-based) the segment starts on. */
  line: number;
}

const separatorLine = /^---[ \t]*(?:#[^\n]*)?$/gm;
const contentLine = /^[ \t]*[^\s#]/m;

/**
 * Splits a stream the fast parser accepted into its documents' texts, so that positions for one
 * document cost a parse of that document, not of the whole file. The fast parser only accepts
 * streams whose `---` markers stand alone on their lines and which have no `...` markers or
 * directives, so a marker is a line that is exactly `---`. Returns undefined when the split does
 * not give `count` documents (then the whole file is parsed instead).
 */
export function documentSegments(text: string, count: number): DocumentSegment[] | undefined {
  if (/^\.\.\.(?:[ \t]|$)/m.test(text)) return undefined;
  const starts = [...text.matchAll(separatorLine)].map((match) => match.index);
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
