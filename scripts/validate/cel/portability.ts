/**
 * Where this CEL library (JavaScript strings and regular expressions) and the API server's cel-go
 * (UTF-8 strings, RE2) can disagree, so a rule is better not evaluated than reported wrongly.
 * Found by running the same rules on the same objects through both (apiextensions-apiserver
 * v0.36.3): the string functions below index, split and match UTF-16 code units here and code
 * points there, and read whitespace and `.` differently beyond ASCII; RE2 syntax such as
 * `[[:alpha:]]`, `\pL`, `\z` or `(?i)` means something else, or nothing, to JavaScript.
 */
import type { ASTNode } from '@marcbachmann/cel-js';

/** String functions whose result can differ on text outside printable ASCII. */
const TEXT_FUNCTIONS = new Set([
  'matches', 'split', 'indexOf', 'lastIndexOf', 'substring', 'charAt', 'trim', 'replace',
  'lowerAscii', 'upperAscii', 'find', 'findAll', 'reverse',
]);

export interface RulePortability {
  /** Why the rule is not evaluated at all, when its regular expressions are read differently. */
  problem?: string;
  /** The rule calls a string function that is only evaluated on printable-ASCII text. */
  asciiOnly: boolean;
  /**
   * The rule uses ==, != or +, which cel-go applies to lists of x-kubernetes-list-type set and
   * map as sets (order-free equality, union) and by key; this library as plain lists.
   */
  comparesLists: boolean;
}

export function rulePortability(ast: ASTNode): RulePortability {
  const result: RulePortability = { asciiOnly: false, comparesLists: false };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object' || !('op' in node)) return;
    const { op, args } = node as { op: string; args: unknown };
    if (op === '==' || op === '!=' || op === '+') result.comparesLists = true;
    if ((op === 'call' || op === 'rcall') && Array.isArray(args)) {
      const name = args[0] as string;
      if (TEXT_FUNCTIONS.has(name)) result.asciiOnly = true;
      if (name === 'matches' || name === 'find' || name === 'findAll') {
        // x.matches(p) or matches(x, p)
        const pattern: unknown = op === 'rcall' ? (args[2] as unknown[])[0] : (args[1] as unknown[])[1];
        const literal = isLiteralString(pattern) ? pattern.args : undefined;
        const problem = literal === undefined ? 'a regular expression that is not a string literal' : regexProblem(literal);
        if (problem !== undefined) result.problem ??= `RE2 and JavaScript may read its regular expression differently (${problem})`;
      }
    }
    visit(args);
  };
  visit(ast);
  return result;
}

function isLiteralString(node: unknown): node is { op: 'value'; args: string } {
  return node !== null && typeof node === 'object' && (node as { op?: unknown }).op === 'value' && typeof (node as { args?: unknown }).args === 'string';
}

/**
 * Why an RE2 pattern may not mean the same to a JavaScript RegExp (no flags) on ASCII text, or
 * undefined when it does: escapes other than \d \D \w \W \s \S \b \B \t \n \r \f \v, \xHH and
 * escaped punctuation, POSIX classes, a `]` first in a class, and `(?` groups other than `(?:`.
 */
export function regexProblem(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return 'a trailing backslash';
      if (/[dDwWsStnrfv]/.test(next) || (!inClass && /[bB]/.test(next)) || /[!-/:-@[-`{-~]/.test(next)) {
        i++;
        continue;
      }
      if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(pattern.slice(i + 2, i + 4))) {
        i += 3;
        continue;
      }
      return `the escape \\${next}`;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') return 'a POSIX class';
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') return 'a ] first in a class';
    } else if (c === '(' && pattern[i + 1] === '?' && pattern[i + 2] !== ':') {
      return 'a (? group or flag';
    }
  }
  return undefined;
}

/** Does any string or map key in the value hold a character outside printable ASCII, tab and newline? */
export function hasNonAsciiText(value: unknown): boolean {
  if (typeof value === 'string') return /[^\t\n\x20-\x7e]/.test(value);
  if (Array.isArray(value)) return value.some(hasNonAsciiText);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).some(([key, child]) => hasNonAsciiText(key) || hasNonAsciiText(child));
  }
  return false;
}
