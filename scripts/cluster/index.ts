import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ClusterView } from '../argocd/index.ts';
import type { Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import { ClusterConnection, ClusterError } from './connection.ts';
import { orderedItems, serverDryRun } from './dry-run.ts';

export { ClusterError };

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

export interface ClusterInputs {
  /** Every object the run loaded: a finding is made on the manifest of the object it is about. */
  manifests: readonly Manifest[];
  /** Each environment's Argo CD model. */
  views: ReadonlyMap<string, ClusterView> | undefined;
  /** The cluster profiles (environment and profile file). */
  profiles: readonly { environment: string; file: string }[];
  log: (line: string) => void;
}

/** The environment a context is: named with --environment, or the profile whose `name` is the kubeconfig's cluster name. */
function environmentOf(connection: ClusterConnection, options: ClusterOptions, profiles: ClusterInputs['profiles']): string {
  if (options.environment !== undefined) {
    if (!profiles.some((profile) => profile.environment === options.environment)) {
      throw new ClusterError(`--environment ${options.environment}: no cluster profile for it (there are ${profiles.map((profile) => profile.environment).join(', ') || 'none'})`);
    }
    return options.environment;
  }
  const named = profiles.map((profile) => ({ environment: profile.environment, name: profileName(profile.file) }));
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
 * The live stage: connects to the context (a usage error when it cannot: missing context,
 * unreachable server, refused credentials) and, with serverDryRun, asks the API server about every
 * object the environment's Argo CD applies. Read-only: it sends GETs and dry-run patches only.
 */
export async function clusterFindings(options: ClusterOptions, inputs: ClusterInputs): Promise<Finding[]> {
  const connection = await ClusterConnection.open({ context: options.context, kubeconfig: options.kubeconfig, timeoutMs: options.timeoutMs ?? 10_000 });
  const environment = environmentOf(connection, options, inputs.profiles);
  inputs.log(`cluster: context ${connection.context} (${connection.server}) is environment ${environment}`);
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
