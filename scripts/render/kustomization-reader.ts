import { isAlias, isCollection, isMap, isScalar, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import type { LocatedProblem } from './located-problem.ts';
import { readBlockSubset } from './kustomization-block-subset.ts';
import { checkNesting, checkYamlText, positionIn } from './yaml-text.ts';

/** A kustomization read strictly: only what go-yaml and the `yaml` package read alike gets here. */
export interface KustomizationDocument {
  file: string;
  root: YAMLMap;
  /** Where a node starts, 1-based. */
  positionOf(node: Node): { line: number; column: number };
  /** The 1-based position of a character offset in the text. */
  positionAt(offset: number): { line: number; column: number };
}

/**
 * The top-level fields of kustomize 5.5's Kustomization (api/types/kustomization.go). kustomize
 * decodes them with encoding/json, which matches keys ignoring case (and folds ſ to s, K to k),
 * so a key that differs from these only in case is one kustomize reads and a plain reader misses.
 */
export const kustomizationFields = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator',
  'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations',
  'generators', 'transformers', 'validators', 'buildMetadata',
] as const;

/** Folds a key as encoding/json does when it matches object keys to struct fields. */
export function foldedKey(key: string): string {
  return key.replace(/\u017F/g, 's').replace(/\u212A/g, 'k').toLowerCase();
}

/**
 * Plain scalars YAML 1.1 (go-yaml v2, inside sigs.k8s.io/yaml) or YAML 1.2 may read as something
 * other than a string: booleans and nulls in any case, and anything made only of the characters
 * of numbers and timestamps. Wider than either resolver, on purpose.
 */
export function mayReadAsNonString(plain: string): boolean {
  if (/^(y|n|yes|no|true|false|on|off|null|~|)$/i.test(plain)) return true;
  if (/^[-+]?\.(inf|nan)$/i.test(plain)) return true;
  return /^[-+.]?[0-9][0-9a-fA-FxXoObB_.:eE+\-tTzZ ]*$/.test(plain);
}

/**
 * Reads one kustomization as kustomize would, or refuses it with located problems. Refused:
 * anything `checkYamlText` refuses, YAML syntax errors, more than one document, anchors, aliases,
 * merge keys, tags, complex or non-string keys, duplicate keys at any depth, and top-level keys
 * kustomize does not know or would match only ignoring case. The `yaml` package never expands
 * an alias here, so an alias bomb costs nothing.
 */
export function readKustomizationText(
  file: string,
  bytes: Buffer,
  /** `yaml`: skip the block-subset reader (tests compare the two). */
  parser: 'auto' | 'yaml' = 'auto',
): { document: KustomizationDocument } | { problems: LocatedProblem[] } {
  try {
    return readStrictly(file, bytes, parser);
  } catch (error) {
    // The nesting limits keep recursion shallow; a caller already deep in its stack can still run out.
    if (!(error instanceof RangeError)) throw error;
    return { problems: [{ file, line: 1, column: 1, message: 'the kustomization is nested too deeply to be checked' }] };
  }
}

function readStrictly(file: string, bytes: Buffer, parser: 'auto' | 'yaml'): { document: KustomizationDocument } | { problems: LocatedProblem[] } {
  const checked = checkYamlText(file, bytes);
  if ('problem' in checked) return { problems: [checked.problem] };
  const { text } = checked;
  const nesting = checkNesting(file, text);
  if (nesting !== undefined) return { problems: [nesting] };
  const fast = parser === 'auto' ? readBlockSubset(text) : undefined;
  const read = fast === undefined ? parseWithYaml(file, text) : { root: fast, positionAt: lineIndex(text) };
  if ('problems' in read) return read;
  const { root, positionAt } = read;
  const at = (offset: number, message: string): LocatedProblem => ({ file, ...positionAt(offset), message });

  const problems: LocatedProblem[] = [];
  const anchors: LocatedProblem[] = [];
  checkNode(root, text, (node, message) => (message === anchorMessage ? anchors : problems).push(at(node.range?.[0] ?? 0, message)));
  // The aliases are where a reader would go wrong: the anchors they name are reported only when none is used.
  if (!problems.some((problem) => problem.message === aliasMessage)) problems.push(...anchors);
  for (const pair of root.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    if ((kustomizationFields as readonly string[]).includes(key)) continue;
    const meant = kustomizationFields.find((field) => foldedKey(field) === foldedKey(key));
    problems.push(
      at(
        pair.key.range?.[0] ?? 0,
        meant === undefined
          ? `unknown kustomization field "${key}"`
          : `"${key}" must be spelled "${meant}": kustomize matches field names ignoring case, this validator does not`,
      ),
    );
  }
  if (problems.length > 0) return { problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { document: { file, root, positionOf: (node) => positionAt(node.range?.[0] ?? 0), positionAt } };
}

type PositionAt = (offset: number) => { line: number; column: number };

/** The full `yaml` parse, for what the block subset declines: one document, a mapping, no syntax error. */
function parseWithYaml(file: string, text: string): { root: YAMLMap; positionAt: PositionAt } | { problems: LocatedProblem[] } {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const positionAt: PositionAt = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const at = (offset: number, message: string): LocatedProblem => ({ file, ...positionAt(offset), message });
  const [document, second] = documents;
  if (second !== undefined) {
    return { problems: [at(second.range[0], 'a kustomization must be one YAML document; kustomize would read only the first')] };
  }
  if (document === undefined) return { problems: [{ file, line: 1, column: 1, message: 'the kustomization is empty' }] };
  const syntax = [...document.errors, ...document.warnings][0];
  if (syntax !== undefined) {
    const position = syntax.linePos?.[0];
    const { line, column } = position ? { line: position.line, column: position.col } : positionIn(text, syntax.pos[0]);
    return { problems: [{ file, line, column, message: `YAML: ${syntax.message.split('\n')[0]}` }] };
  }
  const root = document.contents;
  if (!isMap(root)) {
    const offset = (root as Node | null)?.range?.[0] ?? 0;
    return { problems: [at(offset, root === null ? 'the kustomization is empty' : 'a kustomization must be a mapping')] };
  }
  return { root, positionAt };
}

/** Offsets to 1-based positions by a binary search over line starts. */
function lineIndex(text: string): PositionAt {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}

type Report = (node: Node, message: string) => void;

const aliasMessage = 'YAML aliases are not allowed in a kustomization';
const anchorMessage = 'YAML anchors are not allowed in a kustomization';

/** Refuses, anywhere in the tree, what the two parsers may resolve differently. */
function checkNode(node: Node | null, text: string, report: Report): void {
  if (node === null) return;
  if (isAlias(node)) return report(node, aliasMessage);
  if (node.anchor !== undefined) report(node, anchorMessage);
  if (node.tag !== undefined) report(node, `YAML tags (${node.tag}) are not allowed in a kustomization`);
  if (isScalar(node) && node.type === 'QUOTE_DOUBLE') {
    const escape = unsupportedEscape(text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0));
    if (escape !== undefined) report(node, `the escape ${escape} is not one go-yaml reads (YAML 1.1): write the character itself`);
  }
  if (!isCollection(node)) return;
  if (!isMap(node)) {
    for (const item of node.items) checkNode(item as Node | null, text, report);
    return;
  }
  const seen = new Set<string>();
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    if (!isScalar(key)) {
      if (key === null) report(value ?? node, 'a mapping entry without a key is not allowed');
      else report(key, 'only plain string keys are allowed in a kustomization');
      checkNode(key, text, report);
      checkNode(value, text, report);
      continue;
    }
    checkNode(key, text, report);
    const name = String(key.source ?? key.value);
    if (name === '<<') report(key, 'YAML merge keys (<<) are not allowed in a kustomization');
    else if (key.type === 'PLAIN' && mayReadAsNonString(name)) {
      report(key, `the key "${name}" may be read as a number, boolean or null by go-yaml: quote it`);
    } else if (seen.has(name)) {
      report(key, `duplicate key "${name}": kustomize would use the last one, this validator refuses both`);
    }
    seen.add(name);
    checkNode(value, text, report);
  }
}

/**
 * The first escape in a double-quoted scalar's source that go-yaml v2 (sigs.k8s.io/yaml's
 * scanner) does not read as YAML 1.2 does: `\/` is unknown to it, and a \u or \U naming a
 * surrogate or no code point is an error to it.
 */
function unsupportedEscape(source: string): string | undefined {
  for (const match of source.matchAll(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g)) {
    const escape = match[1] ?? '';
    if (escape.length > 1) {
      const code = Number.parseInt(escape.slice(1), 16);
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return match[0];
    } else if (!'0abtnvfre "\\\'N_LP\n\r'.includes(escape)) return match[0];
  }
  return undefined;
}
