import { bundledBuiltInGroups, createSchemaValidator, LiveSchemaSetCache, schemasFromOpenApiV3, writeLiveSchemaSet, type SchemaFinding, type SchemaValidator } from '../validate/index.ts';
import type { ClusterConnection } from './connection.ts';
import { ClusterError, describeNetworkError } from './connection.ts';
import { fetchOpenApiDocuments, openApiIndex } from './live-openapi.ts';

/** Which kinds of the environment were validated against what, for the run's log. */
export interface LiveSchemaUse {
  /** `apiVersion kind` validated against the server's schemas. */
  live: Set<string>;
  /** `apiVersion kind` the server has no schema for, validated against the bundled ones. */
  bundled: Set<string>;
  /** `apiVersion kind` neither the server nor the bundled schemas have: the "no schema" finding. */
  none: Set<string>;
}

export interface LiveValidator {
  kubernetesVersion: string;
  /** The environment's validator: the server's schemas, the bundled ones for a custom kind the server does not serve. */
  over(bundled: SchemaValidator): SchemaValidator;
  use: LiveSchemaUse;
  /** Persists compiled code, like the bundled validator's (call after validating). */
  persistCodeCaches(): void;
  unevaluatedCelRules(): ReturnType<SchemaValidator['unevaluatedCelRules']>;
}

/** The server's Kubernetes version, `1.36`, from GET /version. */
async function serverVersion(connection: ClusterConnection): Promise<string> {
  let response: { status: number; body: string };
  try {
    response = await connection.send('GET', '/version');
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    throw new ClusterError(`--cluster ${connection.context}: GET /version failed: ${describeNetworkError(error)}`);
  }
  let version: { major?: unknown; minor?: unknown } = {};
  try {
    if (response.status === 200) version = JSON.parse(response.body) as typeof version;
  } catch {
    // no version: said below
  }
  const digits = (value: unknown) => (typeof value === 'string' ? /^\d+/.exec(value)?.[0] : undefined);
  const major = digits(version.major);
  const minor = digits(version.minor);
  if (major === undefined || minor === undefined) throw new ClusterError(`--cluster ${connection.context}: GET /version gave no Kubernetes version`);
  return `${major}.${minor}`;
}

/**
 * A schema validator over the cluster's own OpenAPI v3 documents, CRDs included (schemas/openapi-v3.ts),
 * with the bundled validator's machinery: compiled-validator and verdict caches, CEL rules of
 * custom kinds, the API server's native checks.
 */
export async function openLiveValidator(connection: ClusterConnection, options: { concurrency: number; validatorCache: string | false; verdictCache: string | false; log: (line: string) => void }): Promise<LiveValidator> {
  const started = Date.now();
  const [kubernetesVersion, index] = await Promise.all([serverVersion(connection), openApiIndex(connection)]);
  const builtInGroups = bundledBuiltInGroups();
  const cached = new LiveSchemaSetCache(connection.server, index, kubernetesVersion, builtInGroups);
  let set = cached.get();
  if (set === undefined) {
    const documents = await fetchOpenApiDocuments(connection, index, options.concurrency);
    try {
      set = schemasFromOpenApiV3(documents, kubernetesVersion, builtInGroups);
    } catch (error) {
      throw new ClusterError(`--cluster ${connection.context}: the server's OpenAPI documents could not be read as schemas (${error instanceof Error ? error.message : String(error)})`);
    }
    cached.set(set);
  }
  const schemasDir = writeLiveSchemaSet(set);
  options.log(`cluster: schemas of ${index.length} group-versions read from ${connection.server} (Kubernetes ${kubernetesVersion}: ${Object.keys(set.kubernetes.kinds).length} built-in and ${set.crds.size} custom kinds) in ${Date.now() - started} ms`);
  const live = createSchemaValidator({ schemasDir, schemasIdentity: cached.key, cacheDir: options.validatorCache, verdictCacheDir: options.verdictCache });
  const use: LiveSchemaUse = { live: new Set(), bundled: new Set(), none: new Set() };
  const kindOf = (object: unknown): string => {
    const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
    return `${String(apiVersion)} ${String(kind)}`;
  };
  const over = (bundled: SchemaValidator): SchemaValidator => {
    /** A custom kind with no live schema: the bundled validator's verdict, for the version the manifest was loaded with. */
    const settle = (object: unknown, findings: SchemaFinding[], version: string): SchemaFinding[] => {
      if (findings.some((finding) => finding.missingSchema === true)) {
        const verdict = bundled.validate(object, version);
        (verdict.some((finding) => finding.missingSchema === true) ? use.none : use.bundled).add(kindOf(object));
        return verdict;
      }
      use.live.add(kindOf(object));
      return findings;
    };
    return {
      kubernetesVersions: () => bundled.kubernetesVersions(),
      persistCodeCaches: () => bundled.persistCodeCaches(),
      unevaluatedCelRules: () => bundled.unevaluatedCelRules(),
      validate: (object, version) => settle(object, live.validate(object, kubernetesVersion), version),
      validateBatch: (objects, version, text) => live.validateBatch(objects, kubernetesVersion, text).map((findings, index) => settle(objects[index], findings, version)),
    };
  };
  return {
    kubernetesVersion,
    over,
    use,
    persistCodeCaches: () => live.persistCodeCaches(),
    unevaluatedCelRules: () => live.unevaluatedCelRules(),
  };
}

/** The log line: how many kinds were validated against the server's schemas, and which kinds it had none for. */
export function describeLiveSchemaUse(use: LiveSchemaUse, kubernetesVersion: string): string {
  const list = (kinds: Set<string>) => [...kinds].sort().join(', ');
  return (
    `cluster: ${use.live.size} kinds validated against the server's schemas (Kubernetes ${kubernetesVersion})` +
    (use.bundled.size === 0 ? '' : `; the server has none for ${list(use.bundled)}, validated against the bundled schemas`) +
    (use.none.size === 0 ? '' : `; no schema anywhere for ${list(use.none)}`)
  );
}
