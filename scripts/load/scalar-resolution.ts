import { parseGoSigned, parseGoUnsigned } from './go-integer.ts';
import { isGoTimestamp } from './go-timestamp.ts';

/**
 * How a YAML scalar becomes a JSON value in kubectl, Argo CD and the API server: sigs.k8s.io/yaml
 * decodes with go-yaml v2, whose `resolve` (resolve.go) is reproduced here rule for rule. It is
 * YAML 1.1 as go-yaml implements it, which differs from the `yaml` package's `yaml-1.1` schema:
 * no base-60 numbers (`1:20` is a string), `.` and `1e999` are strings, `0o17`, `0X1F` and `08`
 * are numbers, and a timestamp stays a string.
 */

/** go-yaml's type for a scalar; `uint` and `timestamp` matter only for mapping keys and tags. */
export type ScalarKind = 'str' | 'null' | 'bool' | 'int' | 'uint' | 'float' | 'timestamp';

export interface ResolvedScalar {
  readonly kind: ScalarKind;
  readonly value: string | number | boolean | null;
}

const TAG_PREFIX = 'tag:yaml.org,2002:';

const constants = new Map<string, ResolvedScalar>();
function define(kind: ScalarKind, value: boolean | number | null, spellings: string): void {
  for (const spelling of spellings.split(' ')) constants.set(spelling, { kind, value });
}
define('bool', true, 'y Y yes Yes YES true True TRUE on On ON');
define('bool', false, 'n N no No NO false False FALSE off Off OFF');
define('null', null, '~ null Null NULL');
constants.set('', { kind: 'null', value: null });
define('float', Number.NaN, '.nan .NaN .NAN');
define('float', Number.POSITIVE_INFINITY, '.inf .Inf .INF +.inf +.Inf +.INF');
define('float', Number.NEGATIVE_INFINITY, '-.inf -.Inf -.INF');
/** No longer text is one of the spellings above: it is not looked up. */
const longestConstant = Math.max(...[...constants.keys()].map((spelling) => spelling.length));

/** go-yaml's resolveTable: the first byte decides which rules are tried at all. */
const Hint = { None: 0, Sign: 1, Digit: 2, Constant: 3, Dot: 4 } as const;
const hints = new Uint8Array(128);
hints['+'.charCodeAt(0)] = hints['-'.charCodeAt(0)] = Hint.Sign;
for (const digit of '0123456789') hints[digit.charCodeAt(0)] = Hint.Digit;
for (const letter of 'yYnNtTfFoO~') hints[letter.charCodeAt(0)] = Hint.Constant;
hints['.'.charCodeAt(0)] = Hint.Dot;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's ParseFloat accepts after a leading period, underscores only between digits. */
const DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;

/** Whether an unquoted scalar is a YAML 1.1 boolean for go-yaml (`on`, `yes`, `N`, ...). */
export function isYaml11Boolean(text: string): boolean {
  return constants.get(text)?.kind === 'bool';
}

/** The value of an unquoted, untagged scalar. */
export function resolvePlainScalar(text: string): ResolvedScalar {
  return resolveUntagged(text, true) ?? { kind: 'str', value: text };
}

/** Like resolvePlainScalar, but undefined when the scalar stays a string (no allocation: hot path). */
export function resolvePlainNonString(text: string): ResolvedScalar | undefined {
  return resolveUntagged(text, true);
}

/**
 * The value of a scalar with an explicit tag (`!!int "8080"`), or an error message worded like
 * go-yaml's. Unknown and local tags (`!foo`, `!`) leave the text a string, as in go-yaml.
 */
export function resolveTaggedScalar(tag: string, text: string): ResolvedScalar | { error: string } {
  const name = tag.startsWith(TAG_PREFIX) ? tag.slice(TAG_PREFIX.length) : undefined;
  switch (name) {
    case 'binary':
      return decodeBinary(text);
    case 'bool':
    case 'int':
    case 'float':
    case 'null':
    case 'timestamp': {
      const resolved = resolveUntagged(text, name === 'timestamp') ?? { kind: 'str', value: text };
      if (resolved.kind === name) return resolved;
      if (name === 'float' && resolved.kind === 'int') return { kind: 'float', value: resolved.value };
      const found = resolved.kind === 'uint' ? 'int' : resolved.kind;
      return { error: `cannot decode !!${found} \`${text}\` as a !!${name}` };
    }
    default:
      return { kind: 'str', value: text };
  }
}

/** undefined: the scalar stays a string. */
function resolveUntagged(text: string, acceptTimestamp: boolean): ResolvedScalar | undefined {
  const hint = text === '' ? Hint.Constant : (hints[text.charCodeAt(0)] ?? Hint.None);
  if (hint === Hint.None) return undefined;
  const constant = text.length <= longestConstant ? constants.get(text) : undefined;
  if (constant !== undefined) return constant;
  if (hint === Hint.Dot) {
    if (DOT_FLOAT.test(text)) {
      const value = Number(text.replace(/_/g, ''));
      if (Number.isFinite(value)) return { kind: 'float', value };
    }
  } else if (hint !== Hint.Constant) {
    return resolveNumber(text, acceptTimestamp);
  }
  return undefined;
}

/** A decimal integer without sign or leading zero that a double holds exactly: ports, replicas, ids. */
const PLAIN_DECIMAL = /^[1-9][0-9]{0,14}$/;
/** A Kubernetes quantity with a suffix (`250m`, `256Mi`, `1.5G`): none of go-yaml's number forms. */
const SUFFIXED_QUANTITY = /^[0-9]+(?:\.[0-9]+)?(?:[KMGTPE]i|[mkMGTPE])$/;

/** go-yaml's rules for a scalar starting with a digit or a sign, in its order. */
function resolveNumber(text: string, acceptTimestamp: boolean): ResolvedScalar | undefined {
  // The two commonest shapes in manifests, decided before the general rules (same answers).
  if (PLAIN_DECIMAL.test(text)) return { kind: 'int', value: Number(text) };
  if (SUFFIXED_QUANTITY.test(text)) return undefined;
  if (acceptTimestamp && isGoTimestamp(text)) return { kind: 'timestamp', value: text };
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const signed = parseGoSigned(plain, 0);
  if (signed !== undefined) return { kind: 'int', value: signed };
  const unsigned = parseGoUnsigned(plain, 0);
  if (unsigned !== undefined) return { kind: 'uint', value: unsigned };
  if (YAML_STYLE_FLOAT.test(plain)) {
    // Go's ParseFloat fails on overflow (the text then stays a string).
    const value = Number(plain);
    if (Number.isFinite(value)) return { kind: 'float', value };
  }
  // go-yaml retries binary after the prefix, which lets a sign follow it ("0b-1").
  if (plain.startsWith('0b')) {
    const binary = parseGoSigned(plain.slice(2), 2);
    if (binary !== undefined) return { kind: 'int', value: binary };
    const unsignedBinary = parseGoUnsigned(plain.slice(2), 2);
    if (unsignedBinary !== undefined) return { kind: 'uint', value: unsignedBinary };
  } else if (plain.startsWith('-0b')) {
    const binary = parseGoSigned('-' + plain.slice(3), 2);
    if (binary !== undefined) return { kind: 'int', value: binary };
  }
  return undefined;
}

/** go-yaml decodes `!!binary` to the raw bytes; encoding/json then writes them as UTF-8 text. */
function decodeBinary(text: string): ResolvedScalar | { error: string } {
  const base64 = text.replace(/[\r\n]/g, '');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    return { error: '!!binary value contains invalid base64 data' };
  }
  return { kind: 'str', value: Buffer.from(base64, 'base64').toString('utf8') };
}
