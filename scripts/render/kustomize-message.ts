import { redactUrlCredentials } from '../core/url-credentials.ts';

/**
 * kustomize's error, unwrapped from what printed it: kubectl's klog line
 * (`E1122 … run.go:72] "command failed" err="…"`, or `err=<` with tab-indented lines up to ` >`)
 * or the standalone binary's `Error: …`.
 */
export function kustomizeErrorText(stderr: string): string {
  const lines = stderr.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const quoted = /"command failed" err=("(?:[^"\\]|\\.)*")\s*$/.exec(line);
    if (quoted) return unquoteGo(quoted[1]!);
    if (/"command failed" err=<\s*$/.test(line)) {
      const block: string[] = [];
      for (const next of lines.slice(index + 1)) {
        if (/^\s*>\s*$/.test(next)) break;
        block.push(next.replace(/^\t/, ''));
      }
      return block.join('\n');
    }
  }
  return lines.map((line) => line.replace(/^Error:\s*/, '')).join('\n');
}

/**
 * The line of kustomize's error that says what failed, without the contents it quotes. kustomize
 * echoes file contents in several shapes: a patch's configuration between backticks, parsed
 * documents between brackets or braces, kyaml's `node contents:` on the lines below, a bad env
 * file line after `invalid utf8 bytes :`, a literal after `invalid literal source`, a JSON patch
 * operation after `Unexpected kind:`, and values in single quotes (`unknown patch strategy '…'`).
 * All of them become `…`, except single-quoted file paths and URLs (`accumulating resources from
 * 'missing.yaml'`), which `isPath` recognises; double quotes, which kustomize uses for field names
 * and JSON pointers, stay. URL passwords are masked.
 */
export function kustomizeMessageLine(text: string, isPath: (quoted: string) => boolean): string {
  const withoutEchoes = text.replace(/`[^`]*(`|$)/g, '`…`');
  const first = withoutEchoes.split('\n').find((line) => line.trim() !== '') ?? '';
  const line = replaceBalanced(replaceBalanced(first, '[', ']'), '{', '}')
    .replace(/(?<=^|[\s=(])'([^'\s][^']*?)'(?=[:\s,)]|$)/g, (whole, quoted: string) => (isPath(quoted) ? whole : "'…'"))
    .replace(/invalid literal source .*, expected key=value/, 'invalid literal source …, expected key=value')
    .replace(/has invalid utf8 bytes\s*:.*$/, 'has invalid utf8 bytes')
    .replace(/Unexpected kind: .*$/, 'Unexpected kind: …')
    .replace(/:?\s*node contents:.*$/, '')
    .replace(/[\s:]+$/, '')
    .trim();
  return redactUrlCredentials(line);
}

/** Every outermost `open … close` span, nested ones included, as `open…close`. */
function replaceBalanced(text: string, open: string, close: string): string {
  let result = '';
  let depth = 0;
  for (const character of text) {
    if (character === open) {
      if (depth === 0) result += `${open}…`;
      depth++;
    } else if (character === close && depth > 0) {
      depth--;
      if (depth === 0) result += close;
    } else if (depth === 0) {
      result += character;
    }
  }
  return depth > 0 ? result + close : result;
}

/** A Go double-quoted string literal (`%q`) as the text it stands for. */
function unquoteGo(literal: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\u0007', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };
  return literal
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (whole, escape: string) => {
      if (/^[xuU]/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(1), 16));
      if (/^[0-7]{3}$/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
      return simple[escape] ?? whole;
    });
}
