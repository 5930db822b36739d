/**
 * Glob matching as Argo CD's project checks use it (github.com/gobwas/glob without separators):
 * `*` matches any run of characters, `?` one character, `[...]` a class, `{a,b}` alternatives.
 * A pattern that does not compile matches only itself.
 */
export function globMatch(pattern: string, text: string): boolean {
  const regex = globToRegExp(pattern);
  return regex === undefined ? pattern === text : regex.test(text);
}

function globToRegExp(pattern: string): RegExp | undefined {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[++i] ?? '');
    } else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) return undefined;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += escape(c);
  }
  if (depth !== 0) return undefined;
  try {
    return new RegExp(`^${out}$`, 's');
  } catch {
    return undefined;
  }
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
