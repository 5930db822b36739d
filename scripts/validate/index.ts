import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirectory } from '../core/cache-files.ts';
import type { CompiledValidator } from './compiled-validator.ts';
import { hasCelRules, validateCel } from './cel/index.ts';
import { CelRuleLedger, type UnevaluatedRuleCount } from './cel-ledger.ts';
import type { UnevaluatedRule } from './cel/index.ts';
import { VerdictCache, type BatchVerdict } from './verdict-cache.ts';
import { findingsFromErrors } from './error-findings.ts';
import type { SchemaFinding } from './finding.ts';
import { validateNative } from './native/index.ts';
import { resolveKind } from './resolve-kind.ts';
import type { KindSchemaRef } from './schema-path.ts';
import { SchemaStore } from './schema-store.ts';
import { ValidatorCompiler } from './validator-compiler.ts';

export type { SchemaFinding } from './finding.ts';
export { describeUnevaluatedRules, type UnevaluatedRuleCount } from './cel-ledger.ts';
export { compilePersisted, type AjvSettings } from './persisted-compile.ts';
export * from './live-schema-set.ts';

export interface SchemaValidator {
  /** Validates one object against the schema for its apiVersion/kind in that Kubernetes version. */
  validate(object: unknown, kubernetesVersion: string): SchemaFinding[];
  /**
   * Validates the objects read from one text (a rendered target), each like `validate`. With a
   * verdict cache, the same text, Kubernetes version and toolkit give the stored answer.
   */
  validateBatch(objects: readonly unknown[], kubernetesVersion: string, sourceText: string): SchemaFinding[][];
  /** Bundled Kubernetes versions, oldest first, e.g. ['1.33', '1.34', '1.35', '1.36']. */
  kubernetesVersions(): string[];
  /**
   * Persists V8's code for the validators this process loaded without it. Call after validating:
   * the code cache then holds the function bodies the validations compiled.
   */
  persistCodeCaches(): void;
  /**
   * The CRD CEL rules this validator did not evaluate so far (transition rules, rules this CEL
   * library cannot compile or evaluate), per kind, rule and reason, with how often. Never findings.
   */
  unevaluatedCelRules(): UnevaluatedRuleCount[];
}

export interface SchemaValidatorOptions {
  /** The generated schemas (default: `<repo>/schemas`). */
  schemasDir?: string;
  /** Persisted compiled validators (default: the cache directory's `validators/`); `false` disables. */
  cacheDir?: string | false;
  /**
   * What identifies the schemas for the verdict cache when they are generated from sources that
   * have a key of their own (a cluster's documents); default: a hash of the schemas folder's files.
   */
  schemasIdentity?: string;
  /** Verdicts on whole batches (`validateBatch`), kept across runs (default: none). */
  verdictCacheDir?: string | false;
}

/** What an (apiVersion, kind) resolves to in one Kubernetes version, remembered per validator. */
type KindEntry = { kind: KindSchemaRef; validator: CompiledValidator; cel: boolean } | { findings: SchemaFinding[] };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A synchronous validator over the bundled schemas. Creating it reads two small index files;
 * a Kubernetes version's schemas are read, and each kind's validator compiled (or loaded from
 * the persisted cache), on first use. Not for sharing between threads (ajv's validators keep state).
 * Throws only for a Kubernetes version that is not bundled (a usage error).
 */
export function createSchemaValidator(options: SchemaValidatorOptions = {}): SchemaValidator {
  const schemasDir = options.schemasDir ?? path.join(repoRoot, 'schemas');
  const store = new SchemaStore(schemasDir);
  const compiler = new ValidatorCompiler(
    options.cacheDir === undefined ? cacheDirectory('validators') : options.cacheDir,
  );
  const versions = store.kubernetesIndex.versions;
  const bundledVersions = new Map<string, string>();
  const kinds = new Map<string, KindEntry>();
  const celLedger = new CelRuleLedger();
  const verdicts = options.verdictCacheDir ? new VerdictCache(options.verdictCacheDir, options.schemasIdentity ?? { schemasDir }) : undefined;
  /** While a batch is validated for the verdict cache: the CEL rules it left unevaluated, to replay on a hit. */
  let recording: BatchVerdict['unevaluated'] | undefined;
  const recordUnevaluated = (kind: string, unevaluated: UnevaluatedRule[]): void => {
    celLedger.record(kind, unevaluated);
    if (recording !== undefined && unevaluated.length > 0) recording.push([kind, unevaluated]);
  };

  const kindEntry = (object: Record<string, unknown>, version: string): KindEntry => {
    const { apiVersion, kind } = object;
    const cacheable = typeof apiVersion === 'string' && typeof kind === 'string';
    const key = cacheable ? `${version}\0${apiVersion}\0${kind}` : '';
    let entry = cacheable ? kinds.get(key) : undefined;
    if (entry === undefined) {
      const resolution = resolveKind(object, version, store);
      entry =
        'findings' in resolution
          ? resolution
          : {
              kind: resolution.schema,
              validator: compiler.validatorFor(resolution.schema.loaded, resolution.schema.definition),
              // The API server evaluates x-kubernetes-validations of CRDs only; those in built-in
              // definitions document what its native code checks.
              cel: !store.builtInGroups.has(apiGroup(String(object['apiVersion']))) && hasCelRules(resolution.schema),
            };
      if (cacheable) kinds.set(key, entry);
    }
    return entry;
  };

  const validator: SchemaValidator = {
    kubernetesVersions: () => [...versions],
    persistCodeCaches: () => compiler.persistCodeCaches(),
    unevaluatedCelRules: () => celLedger.counts(),
    validate(object, kubernetesVersion) {
      let version = bundledVersions.get(kubernetesVersion);
      if (version === undefined) {
        version = bundledVersion(kubernetesVersion, versions);
        bundledVersions.set(kubernetesVersion, version);
      }
      if (object === null || typeof object !== 'object' || Array.isArray(object)) {
        return [notAnObject(object)];
      }
      const resource = object as Record<string, unknown>;
      const entry = kindEntry(resource, version);
      if ('findings' in entry) return entry.findings.map((finding) => ({ ...finding }));
      const runCel = (findings: SchemaFinding[]): SchemaFinding[] => {
        const cel = validateCel(object, entry.kind);
        for (const { pointer, message } of cel.findings) findings.push({ pointer, message, keyword: 'cel' });
        recordUnevaluated(`${String(resource['apiVersion'])} ${String(resource['kind'])}`, cel.unevaluated);
        return findings;
      };
      if (!entry.validator(object)) {
        const errors = entry.validator.errors ?? [];
        const findings = findingsFromErrors(errors, object, entry.kind);
        // The API server still runs a CRD's CEL rules after schema errors of no blocking kind.
        return entry.cel && errors.every((error) => CEL_NOT_BLOCKED_BY.has(error.keyword)) ? runCel(findings) : findings;
      }
      // The API server's own validation runs on what the schema accepted, so no field is reported twice.
      const findings: SchemaFinding[] = validateNative(object, version, { customResource: !store.builtInGroups.has(apiGroup(String(resource['apiVersion']))) }).map(({ pointer, message }) => ({ pointer, message, keyword: 'native' }));
      return entry.cel ? runCel(findings) : findings;
    },
    validateBatch(objects, kubernetesVersion, sourceText) {
      if (verdicts === undefined) return objects.map((object) => validator.validate(object, kubernetesVersion));
      const key = verdicts.key(kubernetesVersion, sourceText, objects.length);
      const stored = verdicts.get(key);
      if (stored !== undefined && stored.findings.length === objects.length) {
        for (const [kind, rules] of stored.unevaluated) celLedger.record(kind, rules);
        return stored.findings;
      }
      recording = [];
      try {
        const findings = objects.map((object) => validator.validate(object, kubernetesVersion));
        verdicts.set(key, { findings, unevaluated: recording });
        return findings;
      } finally {
        recording = undefined;
      }
    },
  };
  return validator;
}

/**
 * Schema errors after which the API server still evaluates a CRD's CEL rules: those it reports as
 * field.Invalid or Duplicate, and unknown fields (pruned before validation). An enum, required,
 * maxLength, maxItems/maxProperties, type or format error blocks them (apiextensions'
 * customresource strategy, hasBlockingErr: NotSupported, Required, TooLong, TooMany, TypeInvalid);
 * so, here, does an error inside allOf/anyOf/oneOf/not, whose parts are not told apart.
 */
const CEL_NOT_BLOCKED_BY = new Set([
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'minItems', 'minProperties', 'uniqueItems', 'x-kubernetes-list-map-keys', 'additionalProperties',
]);

/** The API group of an apiVersion ('' for the core group's `v1`). */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** '1.36', 'v1.36' and '1.36.2' all mean the bundled 1.36. */
function bundledVersion(requested: string, versions: readonly string[]): string {
  const match = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(requested.trim());
  const version = match ? `${match[1]}.${match[2]}` : requested;
  if (!versions.includes(version)) {
    throw new Error(`Kubernetes ${requested} is not bundled (bundled: ${versions.join(', ')})`);
  }
  return version;
}

function notAnObject(value: unknown): SchemaFinding {
  const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
  return {
    pointer: '',
    keyword: 'type',
    message: `expected an object with apiVersion and kind, got ${got}`,
    params: { type: 'object' },
  };
}
