import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ClusterView } from '../argocd/index.ts';
import type { Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import { describeUnevaluatedRules, type SchemaValidator } from '../validate/index.ts';
import { ClusterConnection, ClusterError } from './connection.ts';
import { orderedItems, serverDryRun } from './dry-run.ts';
import { describeLiveBase, liveBaseView } from './live-base.ts';
import { describeLiveSchemaUse, openLiveValidator, type LiveValidator } from './live-validator.ts';
import { checkClusterProfile } from './profile-check.ts';

export { ClusterError };
export { ClusterConnection, describeNetworkError } from './connection.ts';
export { Discovery } from './discovery.ts';

export interface ClusterOptions {
  /** The kubeconfig context. */
  context: string;
  kubeconfig?: string;
  /** The environment the context is; else the cluster profile whose `name` is the context's cluster name. */
  environment?: string;
  serverDryRun: boolean;
  /** Requests at a time (default 4). */
  concurrency?: number;
  /** Per request, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

/** What opening the cluster needs: the profiles (to name its environment) and the caches the validator may use. */
export interface ClusterContext {
  profiles: readonly { environment: string; file: string }[];
  validatorCache: string | false;
  verdictCache: string | false;
  log: (line: string) => void;
}

/** An open live cluster: its environment, the validator of that environment's objects, and the later live stage. */
export interface LiveCluster {
  environment: string;
  /** For an object of `environment`: the validator over the server's schemas (with `bundled` for kinds it has none of); else undefined. */
  schemaValidator(environment: string | undefined, bundled: SchemaValidator): SchemaValidator | undefined;
  /**
   * Before check: the environment's view gets the live objects as its base (what Argo CD last
   * applied of each object its Applications track), for the base-aware rules; over --base's.
   */
  useLiveBase(views: ReadonlyMap<string, ClusterView> | undefined): Promise<void>;
  /** The live stage after check: logs what the schemas validated, then the server's verdicts (--server-dry-run). */
  findings(inputs: Omit<ClusterInputs, 'profiles'>): Promise<Finding[]>;
}

/**
 * Connects to the context (a usage error when it cannot: missing context, unreachable server,
 * refused credentials), names its environment and reads the server's schemas. Started early in a
 * run, beside the render, so the schema stage can validate the environment's objects with them.
 */
export async function openCluster(options: ClusterOptions, context: ClusterContext): Promise<LiveCluster> {
  const connection = await ClusterConnection.open({ context: options.context, kubeconfig: options.kubeconfig, timeoutMs: options.timeoutMs ?? 10_000 });
  const environment = environmentOfContext(connection, options.environment, context.profiles);
  context.log(`cluster: context ${connection.context} (${connection.server}) is environment ${environment}`);
  let validator: LiveValidator | undefined;
  try {
    validator = await openLiveValidator(connection, { concurrency: options.concurrency ?? 4, validatorCache: context.validatorCache, verdictCache: context.verdictCache, log: context.log });
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    // A partial answer says what it could not check: the run goes on with the bundled schemas.
    process.stderr.write(`warning: ${error.message}: the objects of ${environment} are validated against the bundled schemas, not the cluster's\n`);
  }
  const validators = new Map<SchemaValidator, SchemaValidator>();
  return {
    environment,
    schemaValidator(of, bundled) {
      if (of !== environment || validator === undefined) return undefined;
      let over = validators.get(bundled);
      if (over === undefined) validators.set(bundled, (over = validator.over(bundled)));
      return over;
    },
    async useLiveBase(views) {
      const view = views?.get(environment);
      if (view === undefined) return;
      const { base, summary } = await liveBaseView(connection, view, { concurrency: options.concurrency ?? 4 });
      view.base = base;
      context.log(describeLiveBase(environment, summary));
    },
    findings: async (inputs) => [
      ...(await checkClusterProfile(connection, { file: context.profiles.find((profile) => profile.environment === environment)!.file, environment, manifests: inputs.manifests, concurrency: options.concurrency ?? 4, log: inputs.log })),
      ...(await clusterFindings(options, { ...inputs, profiles: context.profiles }, { connection, environment, validator })),
    ],
  };
}

export interface ClusterInputs {
  /** Every object the run loaded: a finding is made on the manifest of the object it is about. */
  manifests: readonly Manifest[];
  /** Each environment's Argo CD model. */
  views: ReadonlyMap<string, ClusterView> | undefined;
  /** The cluster profiles (environment and profile file). */
  profiles: readonly { environment: string; file: string }[];
  log: (line: string) => void;
}

/**
 * The environment a context is: named with --environment, or the cluster profile whose `name` is
 * the kubeconfig's cluster name (profile files relative to `cwd`). A ClusterError when neither.
 */
export function environmentOfContext(
  connection: ClusterConnection,
  requested: string | undefined,
  profiles: ReadonlyArray<{ environment: string; file: string }>,
  cwd = process.cwd(),
): string {
  if (requested !== undefined) {
    if (!profiles.some((profile) => profile.environment === requested)) {
      throw new ClusterError(`--environment ${requested}: no cluster profile for it (there are ${profiles.map((profile) => profile.environment).join(', ') || 'none'})`);
    }
    return requested;
  }
  const named = profiles.map((profile) => ({ environment: profile.environment, name: profileName(path.resolve(cwd, profile.file)) }));
  const match = named.find((profile) => profile.name === connection.clusterName);
  if (match === undefined) {
    throw new ClusterError(
      `--cluster ${connection.context}: its cluster ${connection.clusterName} is no cluster profile's name (${named.map((profile) => `${profile.environment}: ${profile.name ?? '?'}`).join(', ')}); name the environment with --environment`,
    );
  }
  return match.environment;
}

function profileName(file: string): string | undefined {
  try {
    const name = (parse(readFileSync(file, 'utf8')) as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live stage on an open cluster: says which kinds were validated against the server's
 * schemas and, with serverDryRun, asks the API server about every object the environment's Argo
 * CD applies. Read-only: it sends GETs and dry-run patches only.
 */
export async function clusterFindings(options: ClusterOptions, inputs: ClusterInputs, opened: { connection: ClusterConnection; environment: string; validator: LiveValidator | undefined }): Promise<Finding[]> {
  const { connection, environment, validator } = opened;
  if (validator !== undefined) {
    validator.persistCodeCaches();
    inputs.log(describeLiveSchemaUse(validator.use, validator.kubernetesVersion));
    for (const line of describeUnevaluatedRules(validator.unevaluatedCelRules())) inputs.log(`cluster: ${line}`);
  }
  if (!options.serverDryRun) return [];
  const view = inputs.views?.get(environment);
  if (view === undefined) throw new ClusterError(`--server-dry-run: environment ${environment} was not modelled; validate the whole repository (no PATH) with it`);
  const manifestOf = new Map<object, Manifest>(inputs.manifests.map((manifest) => [manifest.object, manifest]));
  const { items, unloaded, hooks } = orderedItems(view, manifestOf);
  const createdNamespaces = new Set(items.filter((item) => item.manifest.object.kind === 'Namespace').map((item) => item.manifest.object.metadata.name ?? ''));
  for (const application of [...view.model.root, ...view.model.applications]) {
    if (application.syncPolicy.syncOptions.includes('CreateNamespace=true') && application.destination.namespace) createdNamespaces.add(application.destination.namespace);
  }
  const started = Date.now();
  const findings = await serverDryRun(connection, items, { concurrency: options.concurrency ?? 4, createdNamespaces });
  inputs.log(`cluster: ${items.length} objects dry-run applied in ${Date.now() - started} ms${hooks > 0 ? `, ${hooks} hooks left out` : ''}${unloaded > 0 ? `, ${unloaded} not loaded by this run left out` : ''}`);
  return findings;
}
