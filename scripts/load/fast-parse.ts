import jsYaml from 'js-yaml';
import { parseScreenedBlockStream } from './block-parse.ts';
import type { DocumentSegment } from './document-segments.ts';
import { FAST_PATH_DEPTH_LIMIT } from './limits.ts';
import { resolvePlainNonString } from './scalar-resolution.ts';
import { hasUnusualSyntax } from './unusual-syntax.ts';

/**
 * The happy path: the line parser for the block subset (block-parse.ts) where it applies, else
 * js-yaml, several times faster than `yaml`, set up to give exactly what the precise path gives,
 * deep-frozen. It accepts only what it can vouch for and answers `undefined` (use the precise
 * path) on any error or warning and on everything whose meaning could differ: anchors and
 * aliases, tags, merge keys, explicit `?` keys, mapping keys that are not strings or are longer
 * than YAML allows, numbers that JSON cannot hold, and the syntax listed in unusual-syntax.ts.
 */
export function parseFast(text: string): readonly unknown[] | undefined {
  return parseFastWithSegments(text)?.documents;
}

/**
 * parseFast, with where each document lies in the text when the line parser read it (js-yaml
 * does not say; documentSegments finds them then, if a position is asked for). Without
 * `lineParser`, js-yaml alone (the fast path the benchmark measures beside the usual one).
 */
export function parseFastWithSegments(
  text: string,
  options: { lineParser: boolean } = { lineParser: true },
): { documents: readonly unknown[]; segments?: readonly DocumentSegment[] } | undefined {
  if (hasUnusualSyntax(text)) return undefined;
  const block = options.lineParser ? parseScreenedBlockStream(text) : undefined;
  if (block !== undefined) return block;
  const documents = loadWithJsYaml(text);
  return documents && { documents };
}

/** js-yaml alone, with the same guards as on the fast path (for tests that compare the paths). */
export function parseWithJsYaml(text: string): readonly unknown[] | undefined {
  return hasUnusualSyntax(text) ? undefined : loadWithJsYaml(text);
}

function loadWithJsYaml(text: string): readonly unknown[] | undefined {
  needsPrecisePath = false;
  resetListener();
  let documents: unknown[];
  try {
    documents = jsYaml.loadAll(text, null, loadOptions);
  } catch {
    return undefined;
  }
  if (needsPrecisePath) return undefined;
  // js-yaml reads a stream of only comments or blank lines as one empty document, `yaml` as none.
  if (documents.length === 1 && documents[0] === null) return undefined;
  return Object.freeze(documents);
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
    const resolved = resolvePlainNonString(text);
    if (resolved === undefined) return false;
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
 * The flow collections being composed, innermost last, each with the nesting depth at which it
 * opened. In a flow mapping a key needs no colon (`{a, b}`), so keys are told from values by their
 * order there; elsewhere a key is what a colon follows, and a colon after an item of a flow
 * sequence makes a pair (`[a: 1]`) that js-yaml builds out of the listener's sight.
 */
const FLOW_MAPPING_AT_KEY = 1;
const FLOW_MAPPING_AT_VALUE = 2;
const FLOW_SEQUENCE = 3;
const flowKinds: number[] = [];
const flowDepths: number[] = [];
const flowStarts: number[] = [];
/** Where each open node started, innermost last. */
const nodeStarts: number[] = [];
let depth = 0;

/** YAML limits an implicit key to 1024 characters (go-yaml and `yaml` reject longer ones; js-yaml does not). */
const MAX_KEY_LENGTH = 1000;

function resetListener(): void {
  flowKinds.length = flowDepths.length = flowStarts.length = nodeStarts.length = depth = 0;
}

function popFlowCollection(): void {
  flowKinds.pop();
  flowDepths.pop();
  flowStarts.pop();
}

function openNode(input: string, position: number): void {
  depth += 1;
  nodeStarts.push(position);
  const start = skipBlanks(input, position);
  const first = input.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) return;
  // js-yaml first tries a node as a block mapping whose first key starts at the same offset:
  // the inner node is the flow collection, the outer one is not.
  if (flowStarts.length > 0 && flowStarts[flowStarts.length - 1] === start) popFlowCollection();
  flowKinds.push(first === 0x7b ? FLOW_MAPPING_AT_KEY : FLOW_SEQUENCE);
  flowDepths.push(depth);
  flowStarts.push(start);
}

function closeNode(input: string, position: number, result: unknown): void {
  // Children close before their parents: freezing here freezes every value, bottom-up.
  if (typeof result === 'object' && result !== null) Object.freeze(result);
  const closing = depth;
  depth -= 1;
  const start = nodeStarts.pop() ?? position;
  if (position - start > MAX_KEY_LENGTH && isColonNext(input, position)) needsPrecisePath = true;
  // (Guarded reads: an array read at index -1 is a slow property lookup in V8.)
  if (flowDepths.length > 0 && flowDepths[flowDepths.length - 1] === closing) popFlowCollection();
  const innermost = flowDepths.length - 1;
  const parent = innermost >= 0 && flowDepths[innermost] === closing - 1 ? flowKinds[innermost] : undefined;
  if (parent === FLOW_MAPPING_AT_KEY) {
    // A key that is not a string: the JSON key would depend on go-yaml's formatting.
    if (typeof result !== 'string') needsPrecisePath = true;
    flowKinds[innermost] = isColonNext(input, position) ? FLOW_MAPPING_AT_VALUE : FLOW_MAPPING_AT_KEY;
  } else if (parent === FLOW_MAPPING_AT_VALUE) {
    flowKinds[innermost] = FLOW_MAPPING_AT_KEY;
  } else if ((parent === FLOW_SEQUENCE || typeof result !== 'string') && isColonNext(input, position)) {
    needsPrecisePath = true;
  }
}

const loadOptions = {
  schema,
  maxDepth: FAST_PATH_DEPTH_LIMIT,
  onWarning(): void {
    needsPrecisePath = true;
  },
  listener(event: string, state: unknown): void {
    const { input, position, result } = state as LoaderState;
    if (event === 'open') openNode(input, position);
    else closeNode(input, position, result);
  },
};

function isColonNext(input: string, position: number): boolean {
  return input.charCodeAt(skipBlanks(input, position)) === 0x3a;
}

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
