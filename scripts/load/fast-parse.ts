import jsYaml from 'js-yaml';
import { FAST_PATH_DEPTH_LIMIT } from './limits.ts';
import { resolvePlainScalar } from './scalar-resolution.ts';

/**
 * The happy path: js-yaml, about ten times faster than `yaml`, set up to give exactly what the
 * precise path gives. It accepts only what it can vouch for and answers `undefined` (use the
 * precise path) on any error or warning and on everything whose meaning could differ: anchors
 * and aliases, tags, merge keys, explicit `?` keys, mapping keys that are not strings, numbers
 * that JSON cannot hold, and streams whose document count js-yaml reckons differently.
 */
export function parseFast(text: string): unknown[] | undefined {
  if (hasUnusualSyntax(text)) return undefined;
  needsPrecisePath = false;
  openNodes.length = 0;
  openStarts.length = 0;
  let documents: unknown[];
  try {
    documents = jsYaml.loadAll(text, null, loadOptions);
  } catch {
    return undefined;
  }
  if (needsPrecisePath) return undefined;
  // js-yaml reads a stream of only comments or blank lines as one empty document, `yaml` as none.
  if (documents.length === 1 && documents[0] === null) return undefined;
  return documents;
}

/**
 * Syntax that is rare in manifests and where js-yaml and `yaml` were seen to disagree (found by
 * the differential tests): any hint of it sends the file to the precise path.
 */
const UNUSUAL_SYNTAX = [
  // A byte order mark: the parsers treat it differently after it.
  /\uFEFF/,
  // `? ` starts an explicit, possibly complex, key.
  /(^|[\s[{,])\?(\s|$)/m,
  // Anchors (hence aliases) and tags, wherever a node can start.
  /(^|[\s[{,:])[&!]/m,
  // Directives; `---` or `...` glued to text (js-yaml takes them for markers, YAML does not),
  // or followed by content on the same line.
  /^(%|---\S|\.\.\.\S|(---|\.\.\.)[ \t]+[^\s#])/m,
  // A carriage return that is not part of CRLF.
  /\r(?!\n)/,
  // A tab in indentation.
  /^ *\t/m,
  // A sequence entry with nothing after its dash: js-yaml misreads the indentation that follows.
  /(^|\s)-[ \t\r]*(#[^\n]*)?$/m,
  // A block scalar with an explicit indentation indicator (`|2`).
  /[|>][+-]?[1-9]/,
  // A comment glued to a quoted scalar or a flow indicator.
  /["'[\]{},]#/,
];

function hasUnusualSyntax(text: string): boolean {
  // js-yaml appends a missing final line break, which changes block scalars that end the file.
  if (!text.endsWith('\n') && /[|>]/.test(text)) return true;
  return UNUSUAL_SYNTAX.some((pattern) => pattern.test(text));
}

/** Set while loading; js-yaml's hooks are synchronous, so one flag per call is enough. */
let needsPrecisePath = false;
/** resolve() hands its value to construct(), which js-yaml calls right after it. */
let resolvedValue: unknown;

/** One implicit type does all of go-yaml's typing; its tag has spaces, so no document can name it. */
const plainScalarType = new jsYaml.Type('go-yaml plain scalar', {
  kind: 'scalar',
  resolve(text: string): boolean {
    if (text === '<<') needsPrecisePath = true;
    const resolved = resolvePlainScalar(text);
    if (resolved.kind === 'str') return false;
    if (typeof resolved.value === 'number' && !Number.isFinite(resolved.value)) needsPrecisePath = true;
    resolvedValue = resolved.value;
    return true;
  },
  construct: () => resolvedValue,
});

/** No str/seq/map types: any explicit tag (`!!str`, `!!int`, `!foo`) is an error, hence a fallback. */
const schema = new jsYaml.Schema({ implicit: [plainScalarType], explicit: [] });

/** The parts of js-yaml's loader state the listener reads. */
interface LoaderState {
  input: string;
  position: number;
  result: unknown;
}

/**
 * One entry per node being composed: whether it is a flow mapping, and if so whether its next
 * child is a key. In a flow mapping a key needs no colon (`{a, b}`), so keys are told from values
 * by order there; elsewhere a key is what a colon follows.
 */
const NOT_FLOW_MAPPING = 0;
const FLOW_MAPPING_AT_KEY = 1;
const FLOW_MAPPING_AT_VALUE = 2;
const openNodes: number[] = [];
/** Offset of each open node's first character. */
const openStarts: number[] = [];

const loadOptions = {
  schema,
  maxDepth: FAST_PATH_DEPTH_LIMIT,
  onWarning(): void {
    needsPrecisePath = true;
  },
  listener(event: string, state: unknown): void {
    const { input, position, result } = state as LoaderState;
    if (event === 'open') {
      const start = skipBlanks(input, position);
      // js-yaml first tries a node as a block mapping whose first key is composed at the same
      // offset: the inner node is the flow mapping, the outer one is not.
      if (openStarts[openStarts.length - 1] === start) openNodes[openNodes.length - 1] = NOT_FLOW_MAPPING;
      openNodes.push(input.charCodeAt(start) === 0x7b ? FLOW_MAPPING_AT_KEY : NOT_FLOW_MAPPING);
      openStarts.push(start);
      return;
    }
    openNodes.pop();
    openStarts.pop();
    const parentIndex = openNodes.length - 1;
    const parent = openNodes[parentIndex];
    if (parent === FLOW_MAPPING_AT_KEY) {
      // A key that is not a string: the JSON key would depend on go-yaml's formatting.
      if (typeof result !== 'string') needsPrecisePath = true;
      openNodes[parentIndex] = input.charCodeAt(skipBlanks(input, position)) === 0x3a ? FLOW_MAPPING_AT_VALUE : FLOW_MAPPING_AT_KEY;
    } else if (parent === FLOW_MAPPING_AT_VALUE) {
      openNodes[parentIndex] = FLOW_MAPPING_AT_KEY;
    } else if (typeof result !== 'string' && input.charCodeAt(skipBlanks(input, position)) === 0x3a) {
      needsPrecisePath = true;
    }
  },
};

/** The offset of the next significant character, past blanks, line breaks and comments. */
function skipBlanks(input: string, position: number): number {
  let index = position;
  while (index < input.length) {
    const code = input.charCodeAt(index);
    if (code === 0x23) {
      while (index < input.length && input.charCodeAt(index) !== 0x0a) index += 1;
    } else if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) {
      index += 1;
    } else {
      break;
    }
  }
  return index;
}
