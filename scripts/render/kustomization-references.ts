import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { foldedKey, mayReadAsNonString, type KustomizationDocument } from './kustomization-reader.ts';
import type { LocatedProblem } from './located-problem.ts';
import { valueText } from '../core/describe-value.ts';

/**
 * How kustomize loads what an entry names: `resource` entries are files or kustomization
 * directories (or git repositories), `component` entries directories (or git repositories),
 * `file` entries files (or http(s) URLs).
 */
export type ReferenceKind = 'resource' | 'component' | 'file';

export interface Reference {
  /** The field, as a person finds it: `resources`, `patches[2].path`, `configMapGenerator[0].files`. */
  field: string;
  value: string;
  kind: ReferenceKind;
  line: number;
  column: number;
}

const resourceLists = ['resources', 'bases'] as const;
const fileLists = ['crds', 'configurations'] as const;

/**
 * Fields refused outright. Plugin configurations (generators, transformers, validators) load
 * files and URLs named in their own content, and Helm inflation runs a program and fetches
 * charts: neither can be checked from the kustomization, and this repository uses neither.
 */
const refusedFields: Record<string, string> = {
  generators: 'generator plugins load files and URLs named in their own configuration, which this validator does not check',
  transformers: 'transformer plugins load files and URLs named in their own configuration, which this validator does not check',
  validators: 'validator plugins load files and URLs named in their own configuration, which this validator does not check',
  helmCharts: 'Helm chart inflation runs helm and fetches charts; it is off for every render',
  helmGlobals: 'Helm chart inflation runs helm and fetches charts; it is off for every render',
  helmChartInflationGenerator: 'Helm chart inflation runs helm and fetches charts; it is off for every render',
};

/** The Go struct fields (json names, kustomize 5.5 api/types) of the list entries whose paths are read. */
const patchFields = ['path', 'patch', 'target', 'options'];
const replacementFields = ['path', 'source', 'targets'];
const configMapFields = ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'env', 'options'];
const secretFields = [...configMapFields, 'type'];

/**
 * Every path a kustomization names, in the shapes kustomize decodes (lists of strings, fields of
 * list entries), or located problems where the value is not one kustomize and this validator
 * would read alike: a non-string, a multi-line or block scalar, a plain scalar go-yaml may read
 * as a number or boolean, a control character.
 */
export function kustomizationReferences(document: KustomizationDocument): { references: Reference[]; problems: LocatedProblem[] } {
  const references: Reference[] = [];
  const problems: LocatedProblem[] = [];
  const problem = (node: Node, message: string) => problems.push({ file: document.file, ...document.positionOf(node), message });
  const root = document.root;

  const addString = (node: Node | null, field: string, kind: ReferenceKind, parse?: (value: string) => string | undefined) => {
    const value = referenceString(node, field, problem, document);
    if (value === undefined || node === null) return;
    const target = parse ? parse(value) : value;
    if (target === undefined) return problem(node, `${field}: "${value}" has more than one "=", which kustomize refuses`);
    references.push({ field, value: target, kind, ...document.positionOf(node) });
  };
  const addList = (node: Node | null, field: string, kind: ReferenceKind, parse?: (value: string) => string | undefined) => {
    for (const item of listItems(node, field, problem)) addString(item, field, kind, parse);
  };

  for (const pair of root.items) {
    const key = (pair.key as Scalar).value as string;
    const value = pair.value as Node | null;
    const refused = refusedFields[key];
    if (refused !== undefined) {
      problem(pair.key as Node, `${key} is not supported: ${refused}`);
      continue;
    }
    if ((resourceLists as readonly string[]).includes(key)) addList(value, key, 'resource');
    else if (key === 'components') addList(value, key, 'component');
    else if ((fileLists as readonly string[]).includes(key)) addList(value, key, 'file');
    else if (key === 'patchesStrategicMerge') {
      // An entry is patch content when it reads as YAML mappings (kustomize tries that first), else a file.
      for (const item of listItems(value, key, problem)) {
        if (isScalar(item) && typeof item.value === 'string' && isInlineYaml(item.value)) continue;
        addString(item, key, 'file');
      }
    } else if (key === 'patches' || key === 'patchesJson6902' || key === 'replacements') {
      listItems(value, key, problem).forEach((entry, index) => {
        checkEntry(entry, key === 'replacements' ? replacementFields : patchFields, `${key}[${index}]`, problem);
        const path = entryField(entry, 'path');
        if (path !== undefined) addString(path, `${key}[${index}].path`, 'file');
      });
    } else if (key === 'openapi') {
      if (value !== null && !isMap(value)) problem(value, 'openapi must be a mapping');
      const path = isMap(value) ? pairOf(value, 'path') : undefined;
      if (path !== undefined) addString(path.value as Node | null, 'openapi.path', 'file');
    } else if (key === 'configMapGenerator' || key === 'secretGenerator') {
      listItems(value, key, problem).forEach((entry, index) => {
        const at = `${key}[${index}]`;
        checkEntry(entry, key === 'secretGenerator' ? secretFields : configMapFields, at, problem);
        const files = entryField(entry, 'files');
        if (files !== undefined) addList(files, `${at}.files`, 'file', fileSourcePath);
        const envs = entryField(entry, 'envs');
        if (envs !== undefined) addList(envs, `${at}.envs`, 'file');
        const env = entryField(entry, 'env');
        if (env !== undefined) addString(env, `${at}.env`, 'file');
      });
    }
  }
  return { references, problems };
}

/** The path of a generator `files` entry, `[key=]path`, as kustomize's kv.ParseFileSource splits it. */
function fileSourcePath(source: string): string | undefined {
  const parts = source.split('=');
  if (parts.length > 2) return undefined;
  return parts[parts.length - 1];
}

function isInlineYaml(value: string): boolean {
  if (!value.includes('\n') && !value.trimStart().startsWith('{')) return false;
  const documents = parseAllDocuments(value);
  return documents.length > 0 && documents.every((document) => document.errors.length === 0 && isMap(document.contents));
}

type Problem = (node: Node, message: string) => void;

/** The items of a list field: null is an empty list, anything else but a sequence a problem. */
function listItems(node: Node | null, field: string, problem: Problem): Array<Node | null> {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    problem(node, `${field} must be a list`);
    return [];
  }
  return node.items as Array<Node | null>;
}

/** The value of `name` in a list entry, or undefined when the entry has none. */
function entryField(entry: Node | null, name: string): Node | null | undefined {
  if (!isMap(entry)) return undefined;
  const pair = pairOf(entry, name);
  return pair === undefined ? undefined : (pair.value as Node | null);
}

/**
 * A list entry must be a mapping whose keys are the struct's field names exactly: encoding/json,
 * which kustomize decodes with, would match `Path` or `FILES` too, and refuses unknown ones.
 */
function checkEntry(entry: Node | null, fields: readonly string[], at: string, problem: Problem): void {
  if (entry === null) return;
  if (!isMap(entry)) return problem(entry, `${at} must be a mapping`);
  for (const pair of entry.items) {
    const key = String((pair.key as Scalar).value);
    if (fields.includes(key)) continue;
    const meant = fields.find((field) => foldedKey(field) === foldedKey(key));
    problem(
      pair.key as Node,
      meant === undefined
        ? `${at}: unknown field "${key}"`
        : `${at}: "${key}" must be spelled "${meant}": kustomize matches field names ignoring case`,
    );
  }
}

function pairOf(map: YAMLMap, name: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === name);
}

/** A reference's string value, or undefined (with a problem) when the two parsers could disagree on it. */
function referenceString(node: Node | null, field: string, problem: Problem, document: KustomizationDocument): string | undefined {
  if (node === null || !isScalar(node) || node.value === null) {
    if (node !== null) problem(node, `${field}: entries must be strings`);
    else problem(document.root, `${field}: an empty entry is not allowed`);
    return undefined;
  }
  const value = node.value;
  if (typeof value !== 'string' || (node.type === 'PLAIN' && mayReadAsNonString(node.source ?? String(value)))) {
    problem(node, `${field}: "${node.source ?? valueText(value)}" may be read as a number, boolean or null by go-yaml: quote it`);
    return undefined;
  }
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || spansLines(node, document)) {
    problem(node, `${field}: a path must be written on one line, as a plain or quoted string`);
    return undefined;
  }
  if (value === '') {
    problem(node, `${field}: an empty path is not allowed`);
    return undefined;
  }
  if (/[^\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\u2028\u2029\uFEFF]|\\/u.test(value)) {
    problem(node, `${field}: "${JSON.stringify(value).slice(1, -1)}" has a control character or backslash, which no path here needs`);
    return undefined;
  }
  return value;
}

function spansLines(node: Scalar, document: KustomizationDocument): boolean {
  const [start, end] = node.range ?? [0, 0];
  return document.positionAt(end).line !== document.positionAt(start).line;
}
