/**
 * ApplicationSet expansion as the Argo CD ApplicationSet controller does it, offline (read from
 * argoproj/argo-cd applicationset/: controllers/template/template.go GenerateApplications,
 * generators/{list,cluster,git,matrix,merge,value_interpolation,generator_spec_processor}.go and
 * utils/utils.go Render). What this module cannot know offline (cluster secrets outside the
 * repository, other repositories, SCM providers, plugins) becomes a note, never a silent skip.
 *
 * When any generator or render of an ApplicationSet fails, the controller sets the ErrorOccurred
 * condition and returns before it creates, updates or deletes any Application
 * (applicationset_controller.go Reconcile); the expansion then returns no Application and a note.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../core/manifest.ts';
import { filepathMatch } from './glob.ts';
import { isRecord, record } from './values.ts';

export interface ApplicationSetContext {
  /** The working tree that stands for the repository the git generators read. */
  repoRoot: string;
  /** Whether a git generator's repoURL is this repository (only then is the tree read). */
  isThisRepository: (url: string) => boolean;
  /** Objects among which cluster secrets (label argocd.argoproj.io/secret-type: cluster) are looked for. */
  clusterSecrets?: readonly KubeObject[];
  /** Upper bound on the Applications of one ApplicationSet (default 500). */
  maxApplications?: number;
}

export interface ApplicationSetExpansion {
  applications: KubeObject[];
  notes: string[];
  /** The ApplicationSet's Applications could not all be told (an error Argo CD would report, something not modelled, the cap). */
  incomplete?: true;
}

type Params = Record<string, unknown>;

/** An error the controller would report (ErrorOccurred): the ApplicationSet changes nothing. */
class AppSetError extends Error {}
/** Something of the template language or a generator this model does not follow. */
class NotModelled extends Error {}

const inClusterServer = 'https://kubernetes.default.svc';
const inClusterName = 'in-cluster';
const resourcesFinalizer = 'resources-finalizer.argocd.argoproj.io';

/** utils.SanitizeName: lower case, `[^-a-z0-9.]` → `-`, at most 253 characters, `-` and `.` trimmed. */
export function sanitizeName(name: string): string {
  let out = name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');
  if (out.length > 253) out = out.slice(0, 253);
  return out.replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * Go's `%v` of a float64, which every JSON or YAML number decodes to (json.Unmarshal into `any`,
 * sigs.k8s.io/yaml through JSON): strconv's shortest 'g', exponent form below 1e-4 and from 1e6 on
 * (`1e+06`, `1.5e+07`).
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(value);
}

/** Go's fmt `%v` of a decoded JSON/YAML value, as the string maps of fasttemplate mode hold it. */
function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  const entries = Object.keys(value).sort();
  return `map[${entries.map((key) => `${key}:${goFormat((value as Record<string, unknown>)[key])}`).join(' ')}]`;
}

// ---------------------------------------------------------------------------------------------
// Rendering: fasttemplate (`{{name}}`) and a subset of Go text/template (`{{ .name }}`)
// ---------------------------------------------------------------------------------------------

/** Go's regexp `.*{{.*}}.*` as Render.Replace tests it (`.` does not cross a newline). */
const isTemplated = /.*\{\{.*\}\}.*/;

/**
 * fasttemplate with `{{` / `}}` as Render.Replace drives it: the trimmed tag is looked up, a
 * missing or non-string parameter leaves the tag as it was.
 */
function fastReplace(text: string, params: Params): string {
  if (!isTemplated.test(text)) return text;
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    const tag = text.slice(open + 2, close);
    const trimmed = tag.trim();
    const value = params[trimmed];
    out += text.slice(at, open) + (trimmed !== '' && typeof value === 'string' ? value : `{{${tag}}}`);
    at = close + 2;
  }
  return out + text.slice(at);
}

interface GoOptions { missingKeyError: boolean }

function goOptionsOf(options: readonly string[]): GoOptions {
  let missingKeyError = false;
  for (const option of options) {
    const match = /^missingkey=(.*)$/.exec(option);
    if (match === null) throw new AppSetError(`goTemplateOptions: unrecognized option ${JSON.stringify(option)}`);
    if (!['default', 'invalid', 'zero', 'error'].includes(match[1] ?? '')) throw new AppSetError(`goTemplateOptions: unrecognized option ${JSON.stringify(option)}`);
    missingKeyError = match[1] === 'error';
  }
  return { missingKeyError };
}

const missing = Symbol('missing');

/** Splits a Go template command into words, keeping quoted strings and parenthesised groups whole. */
function words(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const c = text[at] ?? '';
    if (/\s/.test(c)) { at++; continue; }
    let end = at;
    if (c === '"' || c === '`') {
      end = at + 1;
      while (end < text.length && text[end] !== c) end += text[end] === '\\' && c === '"' ? 2 : 1;
      end++;
    } else {
      while (end < text.length && !/\s/.test(text[end] ?? '')) end++;
    }
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

function splitPipeline(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote !== '') {
      current += c;
      if (c === '\\' && quote === '"') current += text[++i] ?? '';
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') { quote = c; current += c; }
    else if (c === '|') { parts.push(current); current = ''; }
    else current += c;
  }
  parts.push(current);
  return parts;
}

function goField(params: Params, chain: string, options: GoOptions): unknown {
  let value: unknown = params;
  if (chain === '.') return value;
  for (const name of chain.slice(1).split('.')) {
    if (isRecord(value)) {
      if (!(name in value)) {
        if (options.missingKeyError) throw new AppSetError(`map has no entry for key "${name}"`);
        return missing;
      }
      value = value[name];
    } else if (value === missing) {
      return missing;
    } else {
      throw new AppSetError(`can't evaluate field ${name} in ${goFormat(value)}`);
    }
  }
  return value;
}

function goArgument(word: string, params: Params, options: GoOptions): unknown {
  if (word.startsWith('.')) return goField(params, word, options);
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (word.startsWith('`')) return word.slice(1, -1);
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  throw new NotModelled(`Go template argument ${word} is not modelled`);
}

function goText(value: unknown): string {
  if (value === missing) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<no value>';
  return goFormat(value);
}

/** One command: `.a.b`, `index X K…`, or one of the sprig functions below, with a piped value last. */
function goCommand(command: string, params: Params, options: GoOptions, piped: unknown, hasPiped: boolean): unknown {
  const [head = '', ...rest] = words(command.trim());
  const args = rest.map((word) => goArgument(word, params, options));
  if (hasPiped) args.push(piped);
  if (head.startsWith('.') || head.startsWith('"') || /^-?\d+$/.test(head)) {
    if (rest.length > 0 || hasPiped) throw new NotModelled(`Go template command ${command.trim()} is not modelled`);
    return goArgument(head, params, options);
  }
  const text = (value: unknown): string => goText(value);
  switch (head) {
    case 'index': {
      let value = args[0];
      for (const key of args.slice(1)) {
        if (Array.isArray(value) && typeof key === 'number') {
          if (key < 0 || key >= value.length) throw new AppSetError(`error calling index: index out of range: ${String(key)}`);
          value = value[key];
        } else if (isRecord(value) && typeof key === 'string') value = key in value ? value[key] : missing;
        else throw new AppSetError(`error calling index: cannot index ${goFormat(value)} with ${goFormat(key)}`);
      }
      return value;
    }
    case 'lower': return text(args[0]).toLowerCase();
    case 'upper': return text(args[0]).toUpperCase();
    case 'trim': return text(args[0]).trim();
    case 'quote': return args.map((value) => JSON.stringify(value === missing ? '' : text(value))).join(' ');
    case 'default': {
      const value = args[1];
      const empty = value === missing || value === undefined || value === null || value === '' || value === 0 || value === false || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
      return empty ? args[0] : value;
    }
    case 'replace': return text(args[2]).split(text(args[0])).join(text(args[1]));
    case 'trunc': {
      const n = Number(args[0]);
      const s = text(args[1]);
      return n >= 0 ? s.slice(0, n) : s.slice(Math.max(0, s.length + n));
    }
    case 'trimSuffix': return text(args[1]).endsWith(text(args[0])) ? text(args[1]).slice(0, -text(args[0]).length || undefined) : text(args[1]);
    case 'trimPrefix': return text(args[1]).startsWith(text(args[0])) ? text(args[1]).slice(text(args[0]).length) : text(args[1]);
    case 'normalize': return sanitizeName(text(args[0]));
    default: throw new NotModelled(`Go template function ${JSON.stringify(head)} is not modelled`);
  }
}

/**
 * Render.Replace with goTemplate: the actions `{{ pipeline }}` (and `{{-` / `-}}` trimming) of a
 * pipeline of field references, `index` and a few sprig string functions. Control structures
 * (`if`, `range`, `with`, variables) are not modelled.
 */
function goReplace(text: string, params: Params, options: GoOptions): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new AppSetError(`failed to parse template ${text}: unclosed action`);
    let inner = text.slice(open + 2, close);
    let before = text.slice(at, open);
    if (/^-\s/.test(inner)) { before = before.replace(/\s+$/, ''); inner = inner.slice(1); }
    let trimAfter = false;
    if (/\s-$/.test(inner)) { trimAfter = true; inner = inner.slice(0, -1); }
    inner = inner.trim();
    if (inner.startsWith('/*')) { out += before; }
    else {
      if (/^(if|else|end|range|with|define|template|block|break|continue)\b/.test(inner) || inner.startsWith('$') || inner.includes(':=') || inner.includes('(')) {
        throw new NotModelled(`Go template action {{ ${inner} }} is not modelled`);
      }
      let value: unknown;
      let hasPiped = false;
      for (const command of splitPipeline(inner)) {
        value = goCommand(command, params, options, value, hasPiped);
        hasPiped = true;
      }
      out += before + goText(value);
    }
    at = close + 2;
    if (trimAfter) while (at < text.length && /\s/.test(text[at] ?? '')) at++;
  }
  return out + text.slice(at);
}

interface Renderer {
  goTemplate: boolean;
  options: GoOptions;
}

function replace(text: string, params: Params, renderer: Renderer): string {
  return renderer.goTemplate ? goReplace(text, params, renderer.options) : fastReplace(text, params);
}

/** deeplyReplace: every string value and every map key, recursively. */
function deepReplace(value: unknown, params: Params, renderer: Renderer): unknown {
  if (typeof value === 'string') return replace(value, params, renderer);
  if (Array.isArray(value)) return value.map((item) => deepReplace(item, params, renderer));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null) continue;
      out[replace(key, params, renderer)] = deepReplace(item, params, renderer);
    }
    return out;
  }
  return value;
}

/** appendTemplatedValues: `values` rendered with the generator's parameters, as `values.k` or `values`. */
function appendValues(values: unknown, params: Params, renderer: Renderer): Params {
  const map = record(values);
  const added: Params = {};
  for (const [key, raw] of Object.entries(map)) {
    const result = replace(typeof raw === 'string' ? raw : goFormat(raw), params, renderer);
    if (renderer.goTemplate) (added['values'] = record(added['values']))[key] = result;
    else added[`values.${key}`] = result;
  }
  if (renderer.goTemplate && isRecord(added['values'])) added['values'] = { ...added['values'] };
  return { ...params, ...added };
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

interface Run {
  appSetName: string;
  renderer: Renderer;
  context: ApplicationSetContext;
  notes: string[];
  limit: number;
}

/** ListGenerator.GenerateParams: elements (string values, `values` a map of strings) and elementsYaml. */
function listParams(generator: Record<string, unknown>, run: Run): Params[] {
  const elements = Array.isArray(generator['elements']) ? generator['elements'] : [];
  const out: Params[] = [];
  for (const element of elements) {
    if (!isRecord(element)) throw new AppSetError('error unmarshling list element');
    if (run.renderer.goTemplate) { out.push(element); continue; }
    const params: Params = {};
    for (const [key, value] of Object.entries(element)) {
      if (key === 'values') {
        if (!isRecord(value)) throw new AppSetError('error parsing values map');
        for (const [k, v] of Object.entries(value)) {
          if (typeof v !== 'string') throw new AppSetError(`error parsing value as string (values.${k})`);
          params[`values.${k}`] = v;
        }
      } else {
        if (typeof value !== 'string') throw new AppSetError(`error parsing value as string (${key}); without goTemplate every list element value must be a string`);
        params[key] = value;
      }
    }
    out.push(params);
  }
  if (typeof generator['elementsYaml'] === 'string' && generator['elementsYaml'] !== '') {
    const parsed = parseYaml(generator['elementsYaml'], 'elementsYaml');
    if (!Array.isArray(parsed)) throw new AppSetError('error unmarshling decoded ElementsYaml: not a list');
    for (const item of parsed) out.push(record(item));
  }
  return out;
}

function parseYaml(text: string, what: string): unknown {
  const documents = parseAllDocuments(text, { version: '1.1' });
  if (Array.isArray(documents) && documents.length > 0) {
    const first = documents[0];
    if (first !== undefined && first.errors.length > 0) throw new AppSetError(`unable to parse ${what}: ${first.errors[0]?.message ?? ''}`);
    return first?.toJS() as unknown;
  }
  return null;
}

/** metav1.LabelSelectorAsSelector matched against a label set (matchLabels and matchExpressions). */
function selectorMatches(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(record(selector['matchLabels']))) if (labels[key] !== String(value)) return false;
  const expressions = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'].map(record) : [];
  for (const expression of expressions) {
    const key = typeof expression['key'] === 'string' ? expression['key'] : '';
    const values = Array.isArray(expression['values']) ? expression['values'].map(String) : [];
    const has = key in labels;
    switch (expression['operator']) {
      case 'In': if (!has || !values.includes(labels[key] ?? '')) return false; break;
      case 'NotIn': if (has && values.includes(labels[key] ?? '')) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new AppSetError(`error parsing label selector: operator ${JSON.stringify(expression['operator'])} is not recognized`);
    }
  }
  return true;
}

function selectorIsEmpty(selector: Record<string, unknown>): boolean {
  const expressions = selector['matchExpressions'];
  return Object.keys(record(selector['matchLabels'])).length === 0 && !(Array.isArray(expressions) && expressions.length > 0);
}

function secretString(secret: KubeObject, key: string): string | undefined {
  const stringData = record(secret['stringData'])[key];
  if (typeof stringData === 'string') return stringData;
  const data = record(secret['data'])[key];
  return typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : undefined;
}

/**
 * ClusterGenerator.GenerateParams: the cluster secrets the selector (plus the secret-type label)
 * matches, then the local cluster (`in-cluster`, https://kubernetes.default.svc) when the selector
 * is empty and no secret registers it; `flatList` gathers them under `clusters`.
 */
function clusterParams(generator: Record<string, unknown>, run: Run): Params[] {
  const selector = record(generator['selector']);
  const goTemplate = run.renderer.goTemplate;
  const secrets = (run.context.clusterSecrets ?? []).filter((object) => object.kind === 'Secret' && object.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster');
  const byName = new Map<string, KubeObject>();
  for (const secret of secrets) if (selectorMatches(selector, secret.metadata.labels ?? {})) byName.set(secretString(secret, 'name') ?? '', secret);
  const out: Params[] = [];
  for (const [name, secret] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const params: Params = { name, nameNormalized: sanitizeName(name), server: secretString(secret, 'server') ?? '', project: secretString(secret, 'project') ?? '' };
    const labels = secret.metadata.labels ?? {};
    const annotations = secret.metadata.annotations ?? {};
    if (goTemplate) {
      const meta: Params = {};
      if (Object.keys(annotations).length > 0) meta['annotations'] = { ...annotations };
      if (Object.keys(labels).length > 0) meta['labels'] = { ...labels };
      params['metadata'] = meta;
    } else {
      for (const [key, value] of Object.entries(annotations)) params[`metadata.annotations.${key}`] = value;
      for (const [key, value] of Object.entries(labels)) params[`metadata.labels.${key}`] = value;
    }
    out.push(appendValues(generator['values'], params, run.renderer));
  }
  const registersLocal = secrets.some((secret) => secretString(secret, 'server') === inClusterServer);
  if (selectorIsEmpty(selector) && !registersLocal) {
    out.push(appendValues(generator['values'], { name: inClusterName, nameNormalized: inClusterName, server: inClusterServer, project: '' }, run.renderer));
  } else if (!selectorIsEmpty(selector)) {
    run.notes.push(`ApplicationSet "${run.appSetName}": clusters generator with a selector: only cluster secrets rendered from this repository are matched (${String(byName.size)}); clusters registered in Argo CD by other means cannot be known offline, and a selector never matches the local cluster`);
  }
  return generator['flatList'] === true ? [{ clusters: out }] : out;
}

/** Refuses a path or glob that could leave the repository: absolute, `..` segments, git pathspec magic. */
function safeRelative(pattern: string): boolean {
  if (pattern === '' || pattern.startsWith('/') || pattern.startsWith(':') || pattern.includes('\\') || pattern.includes('\0')) return false;
  return !pattern.split('/').some((segment) => segment === '..');
}

function insideRoot(root: string, file: string): boolean {
  try {
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    return real === realRoot || real.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

/** Directories git ignores (a clone has none of them): `git ls-files --others --ignored --directory`. */
function ignoredDirectories(root: string): Set<string> {
  try {
    const out = execFileSync('git', ['-C', root, 'ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    return new Set(out.split('\0').filter((entry) => entry.endsWith('/')).map((entry) => entry.slice(0, -1)));
  } catch {
    return new Set();
  }
}

/**
 * The repo-server's GetGitDirectories over the working tree: every directory but the root, hidden
 * ones (and what is under them) skipped, symlinks not followed; directories git ignores are not
 * in a clone and are skipped too.
 */
function repositoryDirectories(root: string): string[] {
  const ignored = ignoredDirectories(root);
  const out: string[] = [];
  const walk = (relative: string): void => {
    const entries = readdirSync(relative === '' ? root : path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (ignored.has(child)) continue;
      out.push(child);
      walk(child);
    }
  };
  walk('');
  return out;
}

/**
 * GetFiles as nativeGitClient.LsFiles runs it (the default, without the new file globbing):
 * `git ls-files --full-name -z -- <pattern>`, here over the working tree (untracked files not
 * ignored included), each file read only when it resolves inside the repository.
 */
function repositoryFiles(root: string, pattern: string): string[] {
  const out = execFileSync('git', ['-C', root, 'ls-files', '--cached', '--others', '--exclude-standard', '--full-name', '-z', '--', pattern], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  return [...new Set(out.split('\0').filter((file) => file !== ''))].filter((file) => existsSync(path.join(root, file)) && !lstatSync(path.join(root, file)).isDirectory());
}

/** flatten.Flatten with DotStyle: nested maps joined with `.`, list items as `key.0`; values as `%v`. */
function flattenDot(value: unknown, prefix: string, out: Params): void {
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) flattenDot(item, prefix === '' ? key : `${prefix}.${key}`, out);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => flattenDot(item, prefix === '' ? String(index) : `${prefix}.${String(index)}`, out));
  } else if (prefix !== '') {
    out[prefix] = goFormat(value);
  }
}

function pathParams(directory: string, file: string | undefined, prefix: string, goTemplate: boolean): Params {
  const base = path.posix.basename(directory);
  if (goTemplate) {
    const p: Params = { path: directory, basename: base, basenameNormalized: sanitizeName(base), segments: directory.split('/') };
    if (file !== undefined) Object.assign(p, { filename: path.posix.basename(file), filenameNormalized: sanitizeName(path.posix.basename(file)) });
    return prefix !== '' ? { [prefix]: { path: p } } : { path: p };
  }
  const name = prefix !== '' ? `${prefix}.path` : 'path';
  const p: Params = { [name]: directory, [`${name}.basename`]: base, [`${name}.basenameNormalized`]: sanitizeName(base) };
  if (file !== undefined) Object.assign(p, { [`${name}.filename`]: path.posix.basename(file), [`${name}.filenameNormalized`]: sanitizeName(path.posix.basename(file)) });
  directory.split('/').forEach((segment, index) => {
    if (segment !== '') p[`${name}[${String(index)}]`] = segment;
  });
  return p;
}

/** GitGenerator: directories (path.Match, exclude wins) or files (ls-files globs, JSON/YAML content). */
function gitParams(generator: Record<string, unknown>, run: Run): Params[] {
  const repoURL = typeof generator['repoURL'] === 'string' ? generator['repoURL'] : '';
  if (!run.context.isThisRepository(repoURL)) {
    throw new NotModelled(`git generator: repoURL ${JSON.stringify(repoURL)} is not this repository, its tree cannot be read offline`);
  }
  const root = run.context.repoRoot;
  const prefix = typeof generator['pathParamPrefix'] === 'string' ? generator['pathParamPrefix'] : '';
  const goTemplate = run.renderer.goTemplate;
  const entries = (key: string): { path: string; exclude: boolean }[] =>
    (Array.isArray(generator[key]) ? generator[key] : []).map(record).map((entry) => ({ path: typeof entry['path'] === 'string' ? entry['path'] : '', exclude: entry['exclude'] === true }));
  const refuse = (pattern: string): never => {
    throw new AppSetError(`git generator: path ${JSON.stringify(pattern)} is refused by this model: it is absolute, has a ".." segment or git pathspec magic, and could read outside the repository`);
  };
  if (generator['directories'] !== undefined) {
    const requested = entries('directories');
    for (const entry of requested) if (!safeRelative(entry.path)) refuse(entry.path);
    const out: Params[] = [];
    for (const directory of repositoryDirectories(root)) {
      let include = false;
      let exclude = false;
      for (const entry of requested) {
        if (!filepathMatch(entry.path, directory)) continue;
        if (entry.exclude) exclude = true;
        else include = true;
      }
      if (include && !exclude) out.push(appendValues(generator['values'], pathParams(directory, undefined, prefix, goTemplate), run.renderer));
    }
    return out;
  }
  if (generator['files'] !== undefined) {
    const requested = entries('files');
    for (const entry of requested) if (!safeRelative(entry.path)) refuse(entry.path);
    const files = new Set<string>();
    for (const entry of requested.filter((e) => !e.exclude)) for (const file of repositoryFiles(root, entry.path)) files.add(file);
    for (const entry of requested.filter((e) => e.exclude)) for (const file of repositoryFiles(root, entry.path)) files.delete(file);
    const out: Params[] = [];
    for (const file of [...files].sort()) {
      const absolute = path.join(root, file);
      if (!insideRoot(root, absolute)) throw new AppSetError(`git generator: ${file} resolves outside the repository; refused`);
      const content = parseYaml(readFileSync(absolute, 'utf8'), `file '${file}'`);
      let objects: unknown[];
      if (isRecord(content) || content === null || content === undefined) objects = [record(content)];
      else if (Array.isArray(content)) objects = content;
      else throw new AppSetError(`unable to process file '${file}': unable to parse file: not a map or a list of maps`);
      for (const object of objects) {
        if (!isRecord(object)) throw new AppSetError(`unable to process file '${file}': unable to parse file: a list item is not a map`);
        const params: Params = {};
        if (goTemplate) Object.assign(params, object);
        else flattenDot(object, '', params);
        Object.assign(params, pathParams(path.posix.dirname(file), file, prefix, goTemplate));
        out.push(appendValues(generator['values'], params, run.renderer));
      }
    }
    return out;
  }
  return [];
}

/** mergo.Merge(dst, src, WithOverride): src values win; maps merged recursively, other values replaced. */
function mergeOverride(dst: Params, src: Params): Params {
  const out: Params = { ...dst };
  for (const [key, value] of Object.entries(src)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? mergeOverride(current, value) : value;
  }
  return out;
}

/** flattenParameters for a generator `selector`: flatten.Flatten DotStyle (maps and lists), values as `%v`. */
function flattenForSelector(params: Params): Record<string, string> {
  const flat: Params = {};
  flattenDot(params, '', flat);
  return Object.fromEntries(Object.entries(flat).map(([key, value]) => [key, String(value)]));
}

const unsupportedGenerators: Record<string, string> = {
  scmProvider: 'reads repositories from an SCM provider API',
  pullRequest: 'reads open pull requests from an SCM provider API',
  clusterDecisionResource: 'reads a duck-typed resource in the live cluster',
  plugin: 'calls a plugin service over HTTP',
};

/** generator_spec_processor Transform: one generator (interpolated with the parent's parameters), then its selector. */
function generatorParams(generator: Record<string, unknown>, run: Run, parent: Params | undefined, depth: number): Params[] {
  // A child's own `template` is merged with an empty one and never used (Matrix/Merge getParams).
  const interpolated = parent !== undefined && Object.keys(parent).length > 0 ? record(deepReplace(generator, parent, run.renderer)) : generator;
  const kinds = Object.keys(interpolated).filter((key) => key !== 'selector' && key !== 'template');
  let params: Params[];
  const kind = kinds[0] ?? '';
  if (kinds.length !== 1) throw new AppSetError(kinds.length === 0 ? 'a generator names no generator' : `one generator entry names several generators (${kinds.join(', ')})`);
  const body = record(interpolated[kind]);
  switch (kind) {
    case 'list': params = listParams(body, run); break;
    case 'clusters': params = clusterParams(body, run); break;
    case 'git': params = gitParams(body, run); break;
    case 'matrix': params = matrixParams(body, run, depth); break;
    case 'merge': params = mergeParams(body, run, depth); break;
    default:
      throw new NotModelled(unsupportedGenerators[kind] !== undefined ? `the ${kind} generator ${unsupportedGenerators[kind]}: not modelled offline` : `generator ${JSON.stringify(kind)} is not recognized by Argo CD`);
  }
  const selector = interpolated['selector'];
  if (isRecord(selector)) params = params.filter((p) => selectorMatches(selector, flattenForSelector(p)));
  return params;
}

function childGenerators(body: Record<string, unknown>, what: string, depth: number): Record<string, unknown>[] {
  if (depth >= 2) throw new AppSetError(`${what}: nested more than two levels (Argo CD reads nested matrix/merge only one level deep)`);
  return (Array.isArray(body['generators']) ? body['generators'] : []).map(record);
}

/** MatrixGenerator.GenerateParams: exactly two children, the second interpolated with each of the first's sets. */
function matrixParams(body: Record<string, unknown>, run: Run, depth: number): Params[] {
  const children = childGenerators(body, 'matrix', depth);
  if (children.length < 2) throw new AppSetError('found less than two generators, Matrix support only two');
  if (children.length > 2) throw new AppSetError('found more than two generators, Matrix support only two');
  const out: Params[] = [];
  for (const a of generatorParams(children[0] ?? {}, run, undefined, depth + 1)) {
    for (const b of generatorParams(children[1] ?? {}, run, a, depth + 1)) {
      if (run.renderer.goTemplate) {
        out.push(mergeOverride(mergeOverride({}, b), a));
      } else {
        const combined: Params = {};
        for (const [key, value] of Object.entries(a)) combined[key] = goFormat(value);
        for (const [key, value] of Object.entries(b)) {
          const text = goFormat(value);
          if (key in combined && combined[key] !== text) throw new AppSetError(`found duplicate key ${key} with different value, a: ${String(combined[key])} ,b: ${text}`);
          combined[key] = text;
        }
        out.push(combined);
      }
      if (out.length > run.limit) return out;
    }
  }
  return out;
}

/** MergeGenerator.GenerateParams: the first generator's sets, each overridden by the sets of the others with equal mergeKeys. */
function mergeParams(body: Record<string, unknown>, run: Run, depth: number): Params[] {
  const children = childGenerators(body, 'merge', depth);
  if (children.length < 2) throw new AppSetError('found less than two generators, Merge requires two or more');
  const mergeKeys = [...new Set((Array.isArray(body['mergeKeys']) ? body['mergeKeys'] : []).map(String))].sort();
  if (mergeKeys.length === 0) throw new AppSetError('no merge keys were specified, Merge requires at least one');
  const byKey = (sets: Params[]): Map<string, Params> => {
    const map = new Map<string, Params>();
    for (const set of sets) {
      const key = JSON.stringify(Object.fromEntries(mergeKeys.map((k) => [k, set[k] ?? null])));
      if (map.has(key)) throw new AppSetError(`the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${key}`);
      map.set(key, set);
    }
    return map;
  };
  const all = children.map((child) => generatorParams(child, run, undefined, depth + 1));
  const base = byKey(all[0] ?? []);
  for (const sets of all.slice(1)) {
    const overrides = byKey(sets);
    for (const [key, set] of base) {
      const override = overrides.get(key);
      if (override !== undefined) base.set(key, run.renderer.goTemplate ? mergeOverride(set, override) : { ...set, ...override });
    }
  }
  return [...base.values()];
}

// ---------------------------------------------------------------------------------------------
// GenerateApplications
// ---------------------------------------------------------------------------------------------

/**
 * mergeGeneratorTemplate: the generator's own `template`, its empty fields filled from the
 * ApplicationSet's (mergo.Merge without override: maps gain missing keys, zero values are filled).
 */
function fillEmpty(dst: unknown, src: unknown): unknown {
  const empty = dst === undefined || dst === null || dst === '' || dst === 0 || dst === false || (Array.isArray(dst) && dst.length === 0);
  if (empty) return src;
  if (isRecord(dst) && isRecord(src)) {
    const out: Params = { ...dst };
    for (const [key, value] of Object.entries(src)) out[key] = fillEmpty(out[key], value);
    return out;
  }
  return dst;
}

/** GetTempApplication: of the template's metadata only name, namespace, labels, annotations and finalizers; then spec. */
function templateApplication(template: Params): Params {
  const metadata = record(template['metadata']);
  const kept: Params = {};
  for (const key of ['name', 'namespace', 'labels', 'annotations', 'finalizers']) if (metadata[key] !== undefined) kept[key] = metadata[key];
  return { metadata: kept, spec: template['spec'] };
}

/** applyTemplatePatch for the common case: the rendered patch deep-merged into the Application (maps merged, lists replaced). */
function applyPatch(application: Params, patchText: string): Params {
  const patch = parseYaml(patchText, 'templatePatch');
  if (!isRecord(patch)) throw new AppSetError('error applying templatePatch: not a map');
  const merge = (dst: Params, src: Params): Params => {
    const out: Params = { ...dst };
    for (const [key, value] of Object.entries(src)) {
      if (value === null) delete out[key];
      else out[key] = isRecord(out[key]) && isRecord(value) ? merge(record(out[key]), value) : value;
    }
    return out;
  };
  return merge(application, patch);
}

/**
 * The Applications an ApplicationSet generates, as GenerateApplications and RenderTemplateParams
 * build them: the template rendered per parameter set, the namespace forced to the
 * ApplicationSet's, the resources finalizer added when the template has none and
 * `syncPolicy.preserveResourcesOnDeletion` is not set.
 */
export function expandApplicationSet(appSet: KubeObject, context: ApplicationSetContext): ApplicationSetExpansion {
  const name = appSet.metadata.name ?? '';
  const spec = record(appSet['spec']);
  const notes: string[] = [];
  const limit = context.maxApplications ?? 500;
  const goTemplate = spec['goTemplate'] === true;
  const prefix = `ApplicationSet "${name}"`;
  let renderer: Renderer;
  try {
    renderer = { goTemplate, options: goOptionsOf(goTemplate && Array.isArray(spec['goTemplateOptions']) ? spec['goTemplateOptions'].map(String) : []) };
  } catch (error) {
    return { applications: [], notes: [`${prefix}: ${(error as Error).message}; Argo CD sets ErrorOccurred and changes none of its Applications`], incomplete: true };
  }
  const run: Run = { appSetName: name, renderer, context, notes, limit };
  const template = record(spec['template']);
  const preserve = record(spec['syncPolicy'])['preserveResourcesOnDeletion'] === true;
  const generators = Array.isArray(spec['generators']) ? spec['generators'].map(record) : [];
  const applications: KubeObject[] = [];
  try {
    for (const generator of generators) {
      const own = generator['template'];
      const merged = templateApplication(isRecord(own) && Object.keys(own).length > 0 ? record(fillEmpty(own, template)) : template);
      for (const params of generatorParams(generator, run, undefined, 0)) {
        let rendered = record(Object.keys(params).length === 0 ? merged : deepReplace(merged, params, renderer));
        if (typeof spec['templatePatch'] === 'string') rendered = applyPatch(rendered, replace(spec['templatePatch'], params, renderer));
        const metadata = { ...record(rendered['metadata']) };
        const finalizers = Array.isArray(metadata['finalizers']) ? metadata['finalizers'] : [];
        if (!preserve && finalizers.length === 0) metadata['finalizers'] = [resourcesFinalizer];
        if (appSet.metadata.namespace !== undefined) metadata['namespace'] = appSet.metadata.namespace;
        else delete metadata['namespace'];
        applications.push({ ...rendered, apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata });
        if (applications.length > limit) {
          notes.push(`${prefix}: more than ${String(limit)} Applications generated; only the first ${String(limit)} are modelled`);
          return { applications: applications.slice(0, limit), notes, incomplete: true };
        }
      }
    }
  } catch (error) {
    if (error instanceof AppSetError) {
      notes.push(`${prefix}: ${error.message}; Argo CD sets ErrorOccurred and changes none of its Applications`);
      return { applications: [], notes, incomplete: true };
    }
    if (error instanceof NotModelled) {
      notes.push(`${prefix}: ${error.message}; none of its Applications are modelled`);
      return { applications: [], notes, incomplete: true };
    }
    throw error;
  }
  return { applications, notes };
}
