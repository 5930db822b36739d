/**
 * Offsets where the documents of a stream start, for the limits, before any parser runs: the
 * start of the text and every line that is a document marker (`---` or `...` followed by a blank
 * or the end of the line). In YAML such a line is always a marker, even inside a scalar (a block
 * scalar's lines are indented, and a quoted scalar may not contain one), and kubectl splits
 * streams at `---` lines too. Text before the first marker is a document only when it has content.
 */
export function documentStarts(text: string): number[] {
  const starts: number[] = [];
  for (const marker of ['---', '...']) {
    for (let index = text.indexOf(marker); index !== -1; index = text.indexOf(marker, index + 3)) {
      if (index > 0 && text.charCodeAt(index - 1) !== 0x0a) continue;
      const next = text.charCodeAt(index + 3);
      if (index + 3 >= text.length || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) starts.push(index);
    }
  }
  starts.sort((a, b) => a - b);
  if (starts[0] !== 0 && (starts.length === 0 || CONTENT_LINE.test(text.slice(0, starts[0])))) starts.unshift(0);
  return starts;
}

const CONTENT_LINE = /^[ \t]*[^\s#]/m;

/** The index of the document that `offset` lies in, given documentStarts(). */
export function documentIndexAt(starts: readonly number[], offset: number): number {
  let index = 0;
  while (index + 1 < starts.length && starts[index + 1]! <= offset) index += 1;
  return index;
}
