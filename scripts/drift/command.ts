import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../check/index.ts';
import { CacheLocationError } from '../core/cache-files.ts';
import { ClusterError } from '../core/cluster-error.ts';
import { modelEnvironments } from '../pipeline/index.ts';
import { KustomizeNotFoundError } from '../render/index.ts';
import { compareEnvironment } from './compare.ts';
import { driftFormats, formatDrift, type DriftFormat } from './format.ts';

const usage = `Usage: npm run drift -- --cluster CONTEXT [options]

Compares what Git says each Argo CD Application of one environment deploys with the live
cluster, read-only (GET and LIST only): fields Git declares whose live value differs (fields Git
does not declare, status and an HPA-scaled spec.replicas are not compared), objects Git declares
that the cluster lacks, objects an Application tracks (argocd.argoproj.io/tracking-id) that Git
no longer has (what the next sync prunes), objects in the destination namespaces no Application
tracks, and each Application's sync and health status and last operation. Secrets are read as
metadata only.

Options:
  --cluster CONTEXT       the kubeconfig context (required)
  --kubeconfig FILE       the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --environment ENV       the environment the context is (default: the cluster profile whose
                          name is the context's cluster name)
  -f, --format FORMAT     stylish (default), json or markdown
  --concurrency N         requests at a time (default 4)
  --timeout SECONDS       per request (default 10)
  --no-cache              do not use the render cache
  -v, --verbose           say what was rendered, on stderr
  -h, --help              this help

Exit codes: 0 no drift, 1 drift found, 2 usage or connection error.`;

/** Whether the arguments ask for JSON (`--format json`, `--format=json`, `-f json`, `-fjson`). */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((argument, index) => argument === '--format=json' || argument === '-fjson' || ((argument === '--format' || argument === '-f') && argv[index + 1] === 'json'));
}

/** Exit 2: the message on stderr in one line, and with --format json one JSON object on stdout saying the same. */
function usageError(argv: readonly string[], message: string): number {
  process.stderr.write(`drift: ${message}\nRun with --help for usage.\n`);
  if (wantsJson(argv)) process.stdout.write(`${JSON.stringify({ error: message, findings: [], summary: { drift: 0 } }, null, 2)}\n`);
  return 2;
}

function positiveNumber(text: string | undefined, fallback: number, name: string): number | string {
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : `${name} must be a positive number, not ${JSON.stringify(text)}`;
}

/** `npm run drift`: parses arguments, compares, prints; returns the exit code. */
export async function driftCommand(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        cluster: { type: 'string' },
        kubeconfig: { type: 'string' },
        environment: { type: 'string' },
        format: { type: 'string', short: 'f', default: 'stylish' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return usageError(argv, (error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (values.cluster === undefined || values.cluster === '') return usageError(argv, '--cluster CONTEXT is required');
  if (!driftFormats.includes(values.format as DriftFormat)) return usageError(argv, `unknown --format ${values.format} (one of ${driftFormats.join(', ')})`);
  const concurrency = positiveNumber(values.concurrency, 4, '--concurrency');
  const timeout = positiveNumber(values.timeout, 10, '--timeout');
  if (typeof concurrency === 'string') return usageError(argv, concurrency);
  if (typeof timeout === 'string') return usageError(argv, timeout);
  const log = values.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const cwd = process.cwd();
  try {
    // Loaded only here: the Kubernetes client is large, and --help or a usage error is spared it.
    const { ClusterConnection, environmentOfContext } = await import('../cluster/index.ts');
    const { LiveReader } = await import('./live.ts');
    const connection = await ClusterConnection.open({ context: values.cluster, kubeconfig: values.kubeconfig === undefined ? undefined : path.resolve(cwd, values.kubeconfig), timeoutMs: timeout * 1000 });
    const models = await modelEnvironments({ cwd, cache: !values['no-cache'], log });
    const environment = environmentOfContext(connection, values.environment, models.profiles, cwd);
    const view = models.views.get(environment);
    if (view === undefined) return usageError(argv, `--environment ${environment}: no such environment (there are ${[...models.views.keys()].join(', ') || 'none'})`);
    const reader = new LiveReader(connection, Math.floor(concurrency));
    const compared = await compareEnvironment({ view, views: models.views, reader, locate: (fields) => models.locate(fields) });
    const report = { ...compared, context: connection.context, server: connection.server };
    process.stdout.write(formatDrift(values.format as DriftFormat, report));
    return report.findings.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ClusterError || error instanceof ConfigError || error instanceof KustomizeNotFoundError || error instanceof CacheLocationError) return usageError(argv, error.message);
    return usageError(argv, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
