/**
 * Syntax that is rare in manifests and where js-yaml and `yaml` were seen to disagree (the
 * differential tests found each case): any hint of it sends a file to the precise path. False
 * alarms only cost speed. This runs on every file, so one native regex finds the few candidate
 * spots and only those are looked at closely.
 */
export function hasUnusualSyntax(text: string): boolean {
  CANDIDATES.lastIndex = 0;
  for (let match = CANDIDATES.exec(text); match !== null; match = CANDIDATES.exec(text)) {
    if (isUnusual(text, match.index, match[0])) return true;
  }
  return false;
}

/**
 * Characters that are rare in manifests (including control characters, surrogates and the
 * line breaks of YAML 1.1 that YAML 1.2 reads as content), `#`, document markers at the start of
 * a line, and a sequence entry with nothing after its dash.
 */
const CANDIDATES =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\u2028\u2029\uFEFF\uFFFE\uFFFF\r\t?&!%|>#]|^(?:---|\.\.\.)|-(?=[ \t\r]*(?:#|$))/gm;

function isUnusual(text: string, index: number, match: string): boolean {
  const previous = index === 0 ? '\n' : text[index - 1]!;
  const next = text[index + 1] ?? '';
  switch (match[0]) {
    case '\r':
      // A carriage return that is not part of CRLF.
      return next !== '\n';
    case '\t':
      // A tab in indentation.
      return /^ *$/.test(text.slice(text.lastIndexOf('\n', index) + 1, index));
    case '?':
      // `? ` starts an explicit, possibly complex, key.
      return isNodeBoundary(previous) && /^\s?$/.test(next);
    case '&':
    case '!':
      // Anchors (hence aliases) and tags, wherever a node can start.
      return isNodeBoundary(previous) || previous === ':';
    case '%':
      // A directive.
      return previous === '\n';
    case '|':
    case '>':
      // js-yaml appends a missing final line break, which changes a block scalar that ends the
      // file; an explicit indentation indicator (`|2`, `>-1`) is rare and handled differently.
      return !text.endsWith('\n') || /^[+-]?[1-9]/.test(text.slice(index + 1, index + 3));
    case '#':
      // A comment glued to a quoted scalar, a flow indicator or a colon.
      return `"'[]{},:`.includes(previous);
    case '-':
    case '.':
      // `---` or `...` glued to text or followed by content on its line (js-yaml and YAML
      // disagree on both); a sequence entry with nothing after its dash (js-yaml misreads the
      // indentation that follows).
      if (match === '---' || match === '...') {
        // Alone on its line, as every separator kustomize writes is: nothing to look at.
        if (index + 3 >= text.length || text.charCodeAt(index + 3) === 0x0a) return false;
        return /^[^\s]|^[ \t]+[^\s#]/.test(text.slice(index + 3, index + 200));
      }
      return /\s/.test(previous);
    default:
      // A surrogate pair (an emoji, say) is plain content; anything else here is a control
      // character, a YAML 1.1 line break or a byte order mark, which the parsers treat differently.
      return !isSurrogatePair(text, index);
  }
}

/** Where a node may start: after whitespace, a flow indicator, or at the start of the text. */
function isNodeBoundary(character: string): boolean {
  return /[\s[{,]/.test(character);
}

function isSurrogatePair(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(index + 1);
    return low >= 0xdc00 && low <= 0xdfff;
  }
  const high = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
}
