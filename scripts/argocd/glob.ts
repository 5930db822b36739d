/**
 * The three pattern languages an AppProject is read with, as Argo CD v3.x reads them (checked
 * against argoproj/argo-cd at v3.5.x):
 *
 * - `globMatch`: github.com/gobwas/glob v0.2.3 (go.mod), through Argo CD's util/glob `Match`, which
 *   returns false when the pattern does not compile. sourceRepos use it with the separator `/`,
 *   destinations (server, name, namespace) and sourceNamespaces without separators.
 * - `filepathMatch`: Go's path/filepath.Match (separator `/` on Linux), which the group, kind and
 *   name of resource white/black list entries use (isResourceInList / isNamedResourceInList in
 *   pkg/apis/application/v1alpha1/types.go). A malformed pattern is an error there, read as no match.
 * - `projectGlobMatch`: the `globMatch` helper of app_project_types.go: `!` negation, `*` matches
 *   everything (even with separators).
 *
 * Checked against the Go originals (gobwas/glob v0.2.3, Go 1.26 path/filepath) on 300,000 random
 * pattern/text pairs with no difference, except for gobwas/glob compiler defects that are not
 * reproduced: an empty alternative (`{}`, `{,a}`) or `***` next to other terms misreads the empty
 * text (or panics on a multibyte one); the syntax as documented is followed there.
 */

// ---------------------------------------------------------------------------------------------
// gobwas/glob
// ---------------------------------------------------------------------------------------------

type GlobNode =
  | { type: 'text'; text: string }
  | { type: 'any' }
  | { type: 'super' }
  | { type: 'single' }
  | { type: 'class'; not: boolean; chars?: string; lo?: number; hi?: number }
  | { type: 'anyOf'; patterns: GlobNode[][] };

type Token =
  | { t: 'text'; v: string }
  | { t: 'any' | 'super' | 'single' | 'termsOpen' | 'termsClose' | 'separator' | 'rangeOpen' | 'rangeClose' | 'not' | 'between' }
  | { t: 'lo' | 'hi'; v: string };

class GlobSyntaxError extends Error {}

/** The lexer of gobwas/glob: `]`, `}` and `,` are text outside `{...}`; a trailing `\` is dropped. */
function lexGlob(pattern: string): Token[] {
  const runes = [...pattern];
  const tokens: Token[] = [];
  let pos = 0;
  let termsLevel = 0;
  const text = (breakers: string): void => {
    let data = '';
    let escaped = false;
    while (pos < runes.length) {
      const r = runes[pos] ?? '';
      if (!escaped) {
        if (r === '\\') {
          escaped = true;
          pos++;
          continue;
        }
        if (breakers.includes(r)) break;
      }
      escaped = false;
      data += r;
      pos++;
    }
    if (data !== '') tokens.push({ t: 'text', v: data });
  };
  const range = (): void => {
    let wantHi = false;
    let wantClose = false;
    let seenNot = false;
    for (;;) {
      if (pos >= runes.length) throw new GlobSyntaxError('unexpected end of input');
      const r = runes[pos++] ?? '';
      if (wantClose) {
        if (r !== ']') throw new GlobSyntaxError('expected close range character');
        tokens.push({ t: 'rangeClose' });
        return;
      }
      if (wantHi) {
        tokens.push({ t: 'hi', v: r });
        wantClose = true;
        continue;
      }
      if (!seenNot && r === '!') {
        tokens.push({ t: 'not' });
        seenNot = true;
        continue;
      }
      if (runes[pos] === '-') {
        pos++;
        tokens.push({ t: 'lo', v: r }, { t: 'between' });
        wantHi = true;
        continue;
      }
      pos--;
      text(']');
      wantClose = true;
    }
  };
  while (pos < runes.length) {
    const r = runes[pos++] ?? '';
    if (r === '{') {
      termsLevel++;
      tokens.push({ t: 'termsOpen' });
    } else if (r === ',' && termsLevel > 0) tokens.push({ t: 'separator' });
    else if (r === '}' && termsLevel > 0) {
      tokens.push({ t: 'termsClose' });
      termsLevel--;
    } else if (r === '[') {
      tokens.push({ t: 'rangeOpen' });
      range();
    } else if (r === '?') tokens.push({ t: 'single' });
    else if (r === '*') {
      if (runes[pos] === '*') {
        pos++;
        tokens.push({ t: 'super' });
      } else tokens.push({ t: 'any' });
    } else {
      pos--;
      text(termsLevel > 0 ? '?*[{},' : '?*[{');
    }
  }
  return tokens;
}

/** The parser of gobwas/glob: an unclosed `{` is accepted (the alternatives read so far), `[]` is not. */
function parseGlob(tokens: readonly Token[]): GlobNode[] {
  const root: GlobNode[] = [];
  // The stack of open alternatives: each entry is the anyOf node and the pattern being filled.
  const stack: { anyOf: Extract<GlobNode, { type: 'anyOf' }>; parent: GlobNode[] }[] = [];
  let current = root;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    switch (token.t) {
      case 'text': current.push({ type: 'text', text: token.v }); break;
      case 'any': current.push({ type: 'any' }); break;
      case 'super': current.push({ type: 'super' }); break;
      case 'single': current.push({ type: 'single' }); break;
      case 'termsOpen': {
        const pattern: GlobNode[] = [];
        const anyOf = { type: 'anyOf' as const, patterns: [pattern] };
        current.push(anyOf);
        stack.push({ anyOf, parent: current });
        current = pattern;
        break;
      }
      case 'separator': {
        const top = stack[stack.length - 1];
        if (top === undefined) throw new GlobSyntaxError('unexpected separator');
        const pattern: GlobNode[] = [];
        top.anyOf.patterns.push(pattern);
        current = pattern;
        break;
      }
      case 'termsClose': {
        const top = stack.pop();
        if (top === undefined) throw new GlobSyntaxError('unexpected terms close');
        current = top.parent;
        break;
      }
      case 'rangeOpen': {
        let not = false;
        let lo = 0;
        let hi = 0;
        let chars = '';
        for (i++; ; i++) {
          const inner = tokens[i];
          if (inner === undefined) throw new GlobSyntaxError('unexpected end');
          if (inner.t === 'not') not = true;
          else if (inner.t === 'lo') lo = inner.v.codePointAt(0) ?? 0;
          else if (inner.t === 'hi') {
            hi = inner.v.codePointAt(0) ?? 0;
            if (hi < lo) throw new GlobSyntaxError(`hi character '${inner.v}' should be greater than lo`);
          } else if (inner.t === 'text') chars = inner.v;
          else if (inner.t === 'rangeClose') break;
        }
        const isRange = lo !== 0 && hi !== 0;
        if (isRange === (chars !== '')) throw new GlobSyntaxError('could not parse range');
        current.push(isRange ? { type: 'class', not, lo, hi } : { type: 'class', not, chars });
        break;
      }
      default: throw new GlobSyntaxError(`unexpected token ${token.t}`);
    }
  }
  return root;
}

function codePoint(c: number): string {
  return `\\u{${c.toString(16)}}`;
}

function literal(text: string): string {
  let out = '';
  for (const c of text) out += /[A-Za-z0-9]/.test(c) ? c : codePoint(c.codePointAt(0) ?? 0);
  return out;
}

/**
 * gobwas/glob's one-character matchers read the empty string as U+FFFD (utf8.DecodeRuneInString):
 * when one stands alone as a whole pattern or alternative, `?` and negated classes match "" too.
 */
function matchesEmptyAlone(node: GlobNode, separators: string): boolean {
  const replacement = 0xfffd;
  if (node.type === 'single') return !separators.includes('\ufffd');
  if (node.type !== 'class') return false;
  if (node.chars !== undefined) return node.chars.length !== 1 || node.not ? [...node.chars].some((c) => c.codePointAt(0) === replacement) !== node.not : false;
  return (replacement >= (node.lo ?? 0) && replacement <= (node.hi ?? 0)) !== node.not;
}

function globRegexSource(nodes: readonly GlobNode[], separators: string, top = false): string {
  const alone = nodes.length === 1 ? nodes[0] : undefined;
  if (top && alone !== undefined) {
    // Only the matcher a whole pattern compiles to is called with Match(""): a lone node, or the
    // alternatives of a lone `{...}`.
    if (matchesEmptyAlone(alone, separators)) return `(?:${globRegexSource(nodes, separators)})?`;
    if (alone.type === 'anyOf') return `(?:${alone.patterns.map((pattern) => globRegexSource(pattern, separators, true)).join('|')})`;
  }
  const notSeparator = separators === '' ? '[^]' : `[^${literal(separators)}]`;
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text': out += literal(node.text); break;
      case 'any': out += `${notSeparator}*`; break;
      case 'super': out += '[^]*'; break;
      case 'single': out += notSeparator; break;
      case 'class': {
        const body = node.chars !== undefined ? literal(node.chars) : `${codePoint(node.lo ?? 0)}-${codePoint(node.hi ?? 0)}`;
        out += `[${node.not ? '^' : ''}${body}]`;
        break;
      }
      case 'anyOf': out += `(?:${node.patterns.map((pattern) => globRegexSource(pattern, separators)).join('|')})`; break;
    }
  }
  return out;
}

const globCache = new Map<string, RegExp | null>();

/** The compiled gobwas/glob pattern, or null when gobwas/glob refuses to compile it. */
export function compileGlob(pattern: string, separators: readonly string[] = []): RegExp | null {
  const key = `${separators.join('')}\u0000${pattern}`;
  let compiled = globCache.get(key);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(`^${globRegexSource(parseGlob(lexGlob(pattern)), separators.join(''), true)}$`, 'u');
    } catch (error) {
      if (!(error instanceof GlobSyntaxError)) throw error;
      compiled = null;
    }
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(key, compiled);
  }
  return compiled;
}

/**
 * Argo CD's util/glob `Match(pattern, text, separators...)`: gobwas/glob semantics (`*` any run of
 * non-separator characters, `**` any run, `?` one non-separator character, `[abc]`, `[a-z]`,
 * `[!...]` (one range or one list per class; a class matches separators too), `{a,b}`, `\` escapes);
 * a pattern that does not compile matches nothing.
 */
export function globMatch(pattern: string, text: string, separators: readonly string[] = []): boolean {
  return compileGlob(pattern, separators)?.test(text) ?? false;
}

/**
 * The `globMatch` helper of pkg/apis/application/v1alpha1/app_project_types.go: with negation
 * allowed a `!pattern` is true when the pattern does NOT match (so a deny pattern that does not
 * match counts as a match for the caller), `*` is true whatever the separators, anything else is
 * util/glob Match.
 */
export function projectGlobMatch(pattern: string, value: string, allowNegation: boolean, separators: readonly string[] = []): boolean {
  if (allowNegation && pattern.startsWith('!')) return !globMatch(pattern.slice(1), value, separators);
  if (pattern === '*') return true;
  return globMatch(pattern, value, separators);
}

/**
 * util/glob MatchStringInList with mode `regexp`, as sourceNamespaces are read
 * (AppProject.IsAppNamespacePermitted): an entry `/re/` is an unanchored regular expression
 * (dlclark/regexp2; JavaScript's RegExp stands in for it), any entry is also a glob.
 */
export function matchStringInListRegexp(list: readonly string[], item: string): boolean {
  return list.some((entry) => {
    if (entry.length >= 2 && entry.startsWith('/') && entry.endsWith('/')) {
      try {
        if (new RegExp(entry.slice(1, -1)).test(item)) return true;
      } catch {
        // regexp2 logs the compile error and reads it as no match; the glob is still tried.
      }
    }
    return globMatch(entry, item);
  });
}

// ---------------------------------------------------------------------------------------------
// Go path/filepath.Match
// ---------------------------------------------------------------------------------------------

/** One chunk of a filepath pattern (the text between stars) as a sticky regular expression, or null when malformed. */
function filepathChunk(chunk: string): RegExp | null {
  const runes = [...chunk];
  let out = '';
  let i = 0;
  // getEsc: one class character, `\` escapes; `-` and `]` must be escaped; the class may not end there.
  const classChar = (): number | null => {
    let r = runes[i];
    if (r === undefined || r === '-' || r === ']') return null;
    if (r === '\\') {
      i++;
      r = runes[i];
      if (r === undefined) return null;
    }
    i++;
    if (i >= runes.length) return null;
    return r.codePointAt(0) ?? 0;
  };
  while (i < runes.length) {
    const c = runes[i] ?? '';
    if (c === '[') {
      i++;
      let negated = false;
      if (runes[i] === '^') {
        negated = true;
        i++;
      }
      const ranges: string[] = [];
      let count = 0;
      for (;;) {
        if (runes[i] === ']' && count > 0) {
          i++;
          break;
        }
        const lo = classChar();
        if (lo === null) return null;
        let hi = lo;
        if (runes[i] === '-') {
          i++;
          const h = classChar();
          if (h === null) return null;
          hi = h;
        }
        // A reversed range is accepted by Go and matches nothing.
        if (lo <= hi) ranges.push(lo === hi ? codePoint(lo) : `${codePoint(lo)}-${codePoint(hi)}`);
        count++;
      }
      if (ranges.length === 0) out += negated ? '[^]' : '(?!)';
      else out += `[${negated ? '^' : ''}${ranges.join('')}]`;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '\\') {
      i++;
      const next = runes[i];
      if (next === undefined) return null;
      out += literal(next);
      i++;
    } else {
      out += literal(c);
      i++;
    }
  }
  return new RegExp(out, 'uy');
}

/** scanChunk of path/filepath: leading stars, then the text up to the next star outside a class. */
function scanChunks(pattern: string): { star: boolean; chunk: string }[] {
  const chunks: { star: boolean; chunk: string }[] = [];
  let rest = pattern;
  while (rest.length > 0) {
    let star = false;
    while (rest.startsWith('*')) {
      rest = rest.slice(1);
      star = true;
    }
    let inRange = false;
    let i = 0;
    for (; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\') {
        if (i + 1 < rest.length) i++;
      } else if (c === '[') inRange = true;
      else if (c === ']') inRange = false;
      else if (c === '*' && !inRange) break;
    }
    chunks.push({ star, chunk: rest.slice(0, i) });
    rest = rest.slice(i);
  }
  return chunks;
}

/** The rest of `name` after `chunk` matched at `at`, or undefined. */
function matchChunkAt(chunk: RegExp, name: string, at: number): number | undefined {
  chunk.lastIndex = at;
  const found = chunk.exec(name);
  return found === null ? undefined : at + found[0].length;
}

const filepathCache = new Map<string, { star: boolean; regex: RegExp | null }[] | null>();

/** The chunks of a filepath pattern, compiled; null when the pattern is malformed (Go: ErrBadPattern). */
function filepathChunks(pattern: string): { star: boolean; regex: RegExp | null }[] | null {
  let chunks = filepathCache.get(pattern);
  if (chunks === undefined) {
    const compiled = scanChunks(pattern).map(({ star, chunk }) => ({ star, chunk, regex: chunk === '' ? null : filepathChunk(chunk) }));
    chunks = compiled.some(({ chunk, regex }) => chunk !== '' && regex === null) ? null : compiled.map(({ star, regex }) => ({ star, regex }));
    if (filepathCache.size > 10_000) filepathCache.clear();
    filepathCache.set(pattern, chunks);
  }
  return chunks;
}

/**
 * Go's path/filepath.Match on Linux as Argo CD calls it (`ok && err == nil`): `*` any run of
 * characters but `/`, `?` one character but `/`, `[...]` / `[^...]` classes of characters and
 * `lo-hi` ranges (`-` and `]` escaped with `\`), `\` escapes. No `{a,b}` and no `!` negation. A
 * malformed pattern (`[`, `[]`, `[a-]`, a trailing `\`) matches nothing.
 */
export function filepathMatch(pattern: string, name: string): boolean {
  const chunks = filepathChunks(pattern);
  if (chunks === null) return false;
  let at = 0;
  for (let index = 0; index < chunks.length; index++) {
    const { star, regex } = chunks[index] ?? { star: false, regex: null };
    const last = index === chunks.length - 1;
    if (regex === null) return !name.slice(at).includes('/'); // a trailing star
    const direct = matchChunkAt(regex, name, at);
    if (direct !== undefined && (direct === name.length || !last)) {
      at = direct;
      continue;
    }
    let advanced = false;
    if (star) {
      // Skip one character at a time, never past a `/`; the leftmost fit wins (no backtracking).
      for (let skip = at; skip < name.length && name[skip] !== '/'; ) {
        skip += (name.codePointAt(skip) ?? 0) > 0xffff ? 2 : 1;
        const end = matchChunkAt(regex, name, skip);
        if (end === undefined || (last && end !== name.length)) continue;
        at = end;
        advanced = true;
        break;
      }
    }
    if (!advanced) return false;
  }
  return at === name.length;
}
