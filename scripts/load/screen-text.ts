import { documentIndexAt, documentStarts } from './document-bounds.ts';
import type { YamlProblem } from './source-file.ts';
import { streamLimitProblems } from './stream-limits.ts';
import { positionAt } from './text-position.ts';

/**
 * What is wrong with a YAML/JSON text before any parser reads it: a limit of limits.ts crossed,
 * or text that kubectl and kustomize refuse or read differently from this toolkit. Every problem
 * rejects the whole stream (go-yaml's reader stops at the first one too). Exported for the render
 * stage, which screens rendered output and the files kustomize reads.
 *
 * Checked with `kubectl annotate --local` (sigs.k8s.io/yaml, go-yaml v2) and `kubectl kustomize`
 * (kyaml, go-yaml v3) 1.34 / kustomize 5.5: both refuse control characters (even in comments) and
 * every directive, since both split streams at `---` lines and go-yaml then finds a directive
 * without its document (`%YAML 1.2`: "found incompatible YAML document", `%YAML 1.1` and `%TAG`:
 * "did not find expected <document start>"). Both read NEL, LS, PS and a lone CR as line breaks,
 * which the `yaml` package and js-yaml do not: a comment ending in one hides the next "line" from
 * the toolkit but not from the cluster. go-yaml skips a byte order mark at the start of any line
 * and keeps one elsewhere as content, where the `yaml` package differs: refused after the start.
 */
export function screenText(text: string): YamlProblem[] {
  const limits = streamLimitProblems(text);
  return limits.length > 0 ? limits : characterProblems(text);
}

/**
 * screenText less the limits. The fast parser's own screen (unusual-syntax.ts) sends every text
 * with one of these characters to the precise path, so a text it accepts needs no scan of its own.
 */
export function characterProblems(text: string): YamlProblem[] {
  SCREENED.lastIndex = 0;
  const firstByKind = new Map<Kind, number>();
  for (let match = SCREENED.exec(text); match !== null; match = SCREENED.exec(text)) {
    // A byte order mark may open the stream.
    if (match.index === 0 && match[0] === BOM) continue;
    const kind = kindOf(match[0]);
    if (!firstByKind.has(kind)) firstByKind.set(kind, match.index);
  }
  if (firstByKind.size === 0) return [];
  const starts = documentStarts(text);
  return [...firstByKind.values()]
    .sort((a, b) => a - b)
    .map((offset) => ({ message: describe(text, offset), ...positionAt(text, offset), documentIndex: documentIndexAt(starts, offset) }));
}

const BOM = '\uFEFF';

/**
 * Control characters go-yaml refuses (C0 but tab and line breaks, DEL, C1 but NEL, U+FFFE,
 * U+FFFF, unpaired surrogates, which no UTF-8 can encode), the line breaks only go-yaml knows, a
 * carriage return without its line feed, byte order marks, and `%` at the start of a line (a
 * directive: in YAML, `%` cannot start a line of content).
 */
const SCREENED =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|\r(?!\n)|^%|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gm;

type Kind = 'control' | 'line break' | 'byte order mark' | 'directive';

function kindOf(match: string): Kind {
  if (match === '%') return 'directive';
  if (match === BOM) return 'byte order mark';
  if (match === '\r' || match === '\x85' || match === '\u2028' || match === '\u2029') return 'line break';
  return 'control';
}

const LINE_BREAK_NAMES: Readonly<Record<string, string>> = {
  '\r': 'a carriage return without a line feed',
  '\x85': 'line break U+0085 (NEL)',
  '\u2028': 'line break U+2028 (LINE SEPARATOR)',
  '\u2029': 'line break U+2029 (PARAGRAPH SEPARATOR)',
};

function describe(text: string, offset: number): string {
  const character = text[offset]!;
  switch (kindOf(character)) {
    case 'directive': {
      const line = text.slice(offset, offset + 60).split(/[\r\n]/, 1)[0]!.trim();
      return `a YAML directive ("${line}") is not allowed: kubectl and kustomize cannot read a file that has one`;
    }
    case 'byte order mark':
      return 'a byte order mark (U+FEFF) is allowed only at the very start of the file';
    case 'line break':
      return `${LINE_BREAK_NAMES[character]} is not allowed: kubectl and kustomize start a new line there, other YAML readers do not; use a line feed`;
    case 'control':
      return `character U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in YAML`;
  }
}
