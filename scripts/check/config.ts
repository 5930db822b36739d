/**
 * `validate.config.yaml`: rule severities and options (per environment), workload identity,
 * exemptions, and the render stage's settings. Every problem is a ConfigError naming the file
 * and line, which the CLI turns into exit code 2.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { isInside, isRefused, readRepositoryFile } from '../core/repository-files.ts';
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Severity } from '../core/diagnostic.ts';
import { parsePointer } from '../core/pointer.ts';
import { ConfigSource } from './config-source.ts';
import { rules as registeredRules } from './rules/index.ts';
import type { AnyRule, Labels } from './types.ts';
import { asRecord, objectItems } from './values.ts';
import { ConfigError } from '../core/config-error.ts';
import { compilePersisted, type AjvSettings } from '../validate/index.ts';
import { checkBuildOptions } from '../render/index.ts';
import { defaultSandboxLimits } from '../render/index.ts';

export type RuleSeverity = Severity | 'off';

export interface RuleSetting {
  severity: RuleSeverity;
  /** The rule's defaults with the configured options merged over them (shallow). */
  options: Readonly<Record<string, unknown>>;
}

export interface ConfiguredRule {
  rule: AnyRule;
  setting: RuleSetting;
  /** Complete settings for the environments the configuration names. */
  environments: ReadonlyMap<string, RuleSetting>;
}

export interface ConfigExemption {
  rule: string;
  kind?: string;
  namespace?: string;
  name?: string;
  environment?: string;
  reason: string;
}

export interface RenderSettings {
  /** Allowed options only (scripts/render/build-options.ts), as kustomize gets them: `--name=value`. */
  kustomizeBuildOptions: readonly string[];
  /** `false`, or the hosts remote bases may be fetched from. */
  allowRemoteBases: false | readonly string[];
  /** Wall clock per target's kustomize run. */
  timeoutSeconds: number;
  /** Bytes read from a kustomize run's output (and, separately, its error output). */
  maxOutputBytes: number;
  /** Address space of a kustomize process (RLIMIT_AS, where util-linux `prlimit` exists). */
  maxMemoryBytes: number;
}

export interface CheckConfig {
  /** The file the configuration came from; undefined for built-in defaults. */
  file: string | undefined;
  /** Every registered rule, in registry order. */
  rules: readonly ConfiguredRule[];
  workloads: { llm: Labels; database: Labels };
  exemptions: readonly ConfigExemption[];
  render: RenderSettings;
}

export { ConfigError };

export const defaultConfigFile = 'validate.config.yaml';

const defaultWorkloads = {
  llm: { 'app.kubernetes.io/component': 'llm' },
  database: { 'app.kubernetes.io/component': 'database' },
};

/**
 * Loads the configuration (default `<cwd>/validate.config.yaml`). A missing file under the
 * default name means the defaults: every rule at `error` with its default options; any other
 * missing file is a usage error.
 */
export function loadCheckConfig(file: string | undefined, options: ConfigLoadOptions = {}): { config: CheckConfig } {
  const path = resolve(file ?? defaultConfigFile);
  const shown = relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);
  // A configuration given from outside the repository is the user's own; one inside it was
  // written by whoever opened the pull request and must not lead elsewhere.
  const root = options.repositoryRoot !== undefined && isInside(path, resolve(options.repositoryRoot)) ? options.repositoryRoot : dirname(path);
  const read = readRepositoryFile(path, root);
  if (isRefused(read)) throw new ConfigError([`${shown}: ${read.refused}; refused`]);
  if (read === undefined) {
    if (basename(path) === defaultConfigFile) return { config: defaultCheckConfig() };
    throw new ConfigError([`${shown}: configuration file not found`]);
  }
  return { config: parseCheckConfig(read.toString('utf8'), shown, registeredRules, options) };
}

export interface ConfigLoadOptions {
  /** Where the compiled configuration schemas are persisted (the cache directory); default: not. */
  validatorCache?: string | false;
  /** The repository validated: a configuration file inside it must really be inside it. */
  repositoryRoot?: string;
}

export function defaultCheckConfig(registry: readonly AnyRule[] = registeredRules): CheckConfig {
  return parseCheckConfig('{}', '<defaults>', registry);
}

interface RawRuleEntry {
  severity?: RuleSeverity;
  options?: Record<string, unknown>;
  environments?: Record<string, RuleSeverity | { severity?: RuleSeverity; options?: Record<string, unknown> }>;
}

interface RawConfig {
  rules?: Record<string, RuleSeverity | RawRuleEntry>;
  workloads?: { llm?: { podLabels: Labels }; database?: { podLabels: Labels } };
  exemptions?: ConfigExemption[];
  render?: Partial<RenderSettings>;
}

/** Parses configuration text; `file` is only used in messages. */
export function parseCheckConfig(
  text: string,
  file: string,
  registry: readonly AnyRule[] = registeredRules,
  options: ConfigLoadOptions = {},
): CheckConfig {
  const cacheDir = options.validatorCache ?? false;
  const source = new ConfigSource(file, text);
  const syntaxErrors = source.syntaxErrors();
  if (syntaxErrors.length > 0) throw new ConfigError(syntaxErrors);
  const raw = source.toJS();
  // Every problem at once: structure, then rule ids (which need no valid structure around them).
  const problems = [...validateStructure(raw, source, cacheDir), ...unknownRuleIds(raw, source, registry)];
  if (problems.length > 0) throw new ConfigError(problems.sort(byLine));
  return resolveConfig(raw as RawConfig, source, registry, cacheDir);
}

function unknownRuleIds(raw: unknown, source: ConfigSource, registry: readonly AnyRule[]): string[] {
  const ruleIds = registry.map((rule) => rule.meta.id);
  const problems: string[] = [];
  const check = (id: unknown, path: (string | number)[]) => {
    if (typeof id !== 'string' || ruleIds.includes(id)) return;
    const suggestion = closest(id, ruleIds);
    const hint = distance(id, suggestion) <= 3 ? ` (did you mean "${suggestion}"?)` : '';
    problems.push(`${source.position(path)}: unknown rule id "${id}"${hint}`);
  };
  const config = asRecord(raw);
  for (const id of Object.keys(asRecord(config?.rules) ?? {})) check(id, ['rules', id]);
  for (const [exemption, index] of objectItems<{ rule?: unknown }>(config?.exemptions)) {
    check(exemption.rule, ['exemptions', index, 'rule']);
  }
  return problems;
}

function resolveConfig(raw: RawConfig, source: ConfigSource, registry: readonly AnyRule[], cacheDir: string | false): CheckConfig {
  const problems: string[] = [];
  const rules = registry.map((rule): ConfiguredRule => {
    const entry = normaliseEntry(raw.rules?.[rule.meta.id]);
    const setting: RuleSetting = {
      severity: entry.severity ?? 'error',
      options: { ...(rule.meta.defaultOptions as object), ...entry.options },
    };
    // Defaults are proven valid by the rule tests; only configured options need ajv (and a compile).
    if (entry.options !== undefined) {
      problems.push(...optionProblems(rule, setting.options, source, ['rules', rule.meta.id, 'options'], cacheDir));
    }
    const environments = new Map<string, RuleSetting>();
    for (const [environment, override] of Object.entries(entry.environments ?? {})) {
      const normalised = normaliseEntry(override);
      const options = { ...setting.options, ...normalised.options };
      const path = ['rules', rule.meta.id, 'environments', environment, 'options'];
      if (normalised.options !== undefined) problems.push(...optionProblems(rule, options, source, path, cacheDir));
      environments.set(environment, { severity: normalised.severity ?? setting.severity, options });
    }
    return { rule, setting, environments };
  });
  const buildOptions = checkBuildOptions(raw.render?.kustomizeBuildOptions ?? []);
  for (const problem of buildOptions.problems) {
    problems.push(`${source.position(['render', 'kustomizeBuildOptions', problem.index])}: render.kustomizeBuildOptions: ${problem.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems.sort(byLine));

  return {
    file: source.file === '<defaults>' ? undefined : source.file,
    rules,
    workloads: {
      llm: raw.workloads?.llm?.podLabels ?? defaultWorkloads.llm,
      database: raw.workloads?.database?.podLabels ?? defaultWorkloads.database,
    },
    exemptions: raw.exemptions ?? [],
    render: {
      kustomizeBuildOptions: buildOptions.arguments,
      allowRemoteBases: raw.render?.allowRemoteBases ?? false,
      timeoutSeconds: raw.render?.timeoutSeconds ?? defaultSandboxLimits.timeoutSeconds,
      maxOutputBytes: raw.render?.maxOutputBytes ?? defaultSandboxLimits.maxOutputBytes,
      maxMemoryBytes: raw.render?.maxMemoryBytes ?? defaultSandboxLimits.maxMemoryBytes,
    },
  };
}

/** The setting a rule runs with for a manifest's environment. */
export function settingFor(configured: ConfiguredRule, environment: string | undefined): RuleSetting {
  return (environment !== undefined ? configured.environments.get(environment) : undefined) ?? configured.setting;
}

function normaliseEntry(entry: RuleSeverity | RawRuleEntry | undefined): RawRuleEntry {
  if (entry === undefined) return {};
  return typeof entry === 'string' ? { severity: entry } : entry;
}

const ajvSettings: AjvSettings = { allErrors: true, strict: true };
let configSchema: object | undefined;

function validateStructure(raw: unknown, source: ConfigSource, cacheDir: string | false): string[] {
  configSchema ??= JSON.parse(readFileSync(new URL('../../schemas/validate-config.schema.json', import.meta.url), 'utf8')) as object;
  const validate = compilePersisted(configSchema, ajvSettings, cacheDir);
  if (validate(raw)) return [];
  return describeErrors(validate.errors ?? [], source, []);
}

function optionProblems(
  rule: AnyRule,
  options: Record<string, unknown>,
  source: ConfigSource,
  path: (string | number)[],
  cacheDir: string | false,
): string[] {
  const validate = compilePersisted(rule.meta.optionsSchema, ajvSettings, cacheDir);
  if (validate(options)) return [];
  return describeErrors(validate.errors ?? [], source, path).map(
    (problem) => `${problem} (options of rule "${rule.meta.id}")`,
  );
}

/**
 * ajv reports every branch of a `oneOf`; keep the most telling error per field (an unknown or
 * missing property, then an enum mismatch such as a bad severity, then the rest, type errors
 * last), and drop a `oneOf` field's own errors when a field inside it failed.
 */
const keywordPreference = ['additionalProperties', 'required', 'enum', 'pattern', 'minLength', 'minProperties'];

function describeErrors(errors: readonly ErrorObject[], source: ConfigSource, prefix: (string | number)[]): string[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const problems: string[] = [];
  for (const [instancePath, list] of byPath) {
    const isBranchNoise =
      list.some((error) => error.keyword === 'oneOf') &&
      [...byPath.keys()].some((other) => other.startsWith(instancePath + '/'));
    if (isBranchNoise) continue;
    const chosen = [...list]
      .filter((error) => error.keyword !== 'oneOf')
      .sort((a, b) => preference(a) - preference(b))[0];
    if (chosen === undefined) continue;
    const path = [...prefix, ...parsePointer(instancePath)];
    problems.push(`${source.position(extendPath(path, chosen))}: ${describeError(path, chosen)}`);
  }
  return problems;
}

function preference(error: ErrorObject): number {
  const rank = keywordPreference.indexOf(error.keyword);
  return error.keyword === 'type' ? keywordPreference.length + 1 : rank < 0 ? keywordPreference.length : rank;
}

function extendPath(path: (string | number)[], error: ErrorObject): (string | number)[] {
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return extra === undefined ? path : [...path, extra];
}

function describeError(path: (string | number)[], error: ErrorObject): string {
  const where = path.length === 0 ? 'configuration' : path.join('.');
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string };
  if (error.keyword === 'additionalProperties') return `${where}: unknown property "${params.additionalProperty}"`;
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues ?? []).map((value) => JSON.stringify(value)).join(', ');
    const what = path.includes('rules') && !path.includes('options') ? 'bad severity' : 'bad value';
    return `${where}: ${what}, expected one of ${allowed}`;
  }
  if (error.keyword === 'required' && params.missingProperty === 'reason') return `${where}: an exemption needs a reason`;
  if (error.keyword === 'required') return `${where}: missing "${params.missingProperty}"`;
  if (error.keyword === 'pattern' && path.at(-1) === 'reason') return `${where}: an exemption needs a reason with visible text`;
  return `${where}: ${error.message ?? 'invalid'}`;
}

/** Problems read top to bottom, as the file does: `file:line:column: …`. */
function byLine(a: string, b: string): number {
  const position = (problem: string) => /:(\d+):(\d+): /.exec(problem)?.slice(1).map(Number) ?? [0, 0];
  const [lineA = 0, columnA = 0] = position(a);
  const [lineB = 0, columnB = 0] = position(b);
  return lineA - lineB || columnA - columnB;
}
