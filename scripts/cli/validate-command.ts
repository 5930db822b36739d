import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, ruleRegistry } from '../check/index.ts';
import { formatNames, formatReport, parseOutputSpecs, ruleHelpUri } from '../report/index.ts';
import { KustomizeNotFoundError } from '../render/index.ts';
import { InputError, runValidation, type ValidationOptions } from '../pipeline/index.ts';
import { ClusterError } from '../core/cluster-error.ts';
import { CacheLocationError } from '../core/cache-files.ts';
import { reportFailure } from '../launch/failure-output.mjs';

const usage = `Usage: npm run validate -- [options] [PATH...]

Renders every kustomize target of the repo (overlays/, apps/, clusters/) with the real kustomize,
validates the objects against the bundled Kubernetes and CRD schemas of each cluster's version,
and checks them against the policy rules (docs/rules.md). With PATHs, validates those
kustomization directories, YAML/JSON files, or directories of them instead.

Options:
  -f, --format NAME[=FILE]     stylish (default), json, junit, sarif, github or markdown; repeat
                               for several outputs of one run, at most one on stdout, the others
                               written to FILE by the toolkit (its directory must exist)
  -k, --kubernetes-version X.Y Kubernetes version for plain files (default: the newest bundled);
                               targets use the version in their cluster's profile
      --ignore-missing-schemas warn instead of fail on custom resources without a bundled CRD
  -c, --config FILE            rule configuration (default: validate.config.yaml)
  -b, --base REV               also render the Git revision REV (the base of a pull request) and
                               predict what each cluster's Argo CD does when the change lands:
                               the plan (json: "plan"), and the rules that compare with the base
      --cluster CONTEXT        a live cluster, by kubeconfig context (read-only: GETs and dry-run
                               patches only; rbac/validate-readonly.yaml is the ClusterRole it
                               needs); the environment is the cluster profile whose name is the
                               context's cluster name, or --environment
      --kubeconfig FILE        the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
      --environment ENV        the environment (clusters/ENV) the --cluster context is
      --server-dry-run         with --cluster: every object of the environment as a server-side
                               apply dry-run, in sync-wave order, as Argo CD 3 applies it
                               (field manager argocd-controller, force=false, strict field
                               validation); each refusal is a finding at its source line
      --cluster-concurrency N  with --cluster: at most N requests to the API server at a time
                               (default 4, 1 to 64): the client-side rate limit
      --cluster-timeout SECONDS
                               with --cluster: how long each request to the API server may take
                               before it counts as failed (default 10, up to 600; decimals allowed)
      --no-inline-exemptions   ignore exemption annotations on objects
      --no-cache               do not read or write the caches (render outputs, schema
                               verdicts, compiled validators, a cluster's OpenAPI documents),
                               which live in $VALIDATE_CACHE_DIR, else
                               $XDG_CACHE_HOME/llm-platform-gitops or ~/.cache/llm-platform-gitops
  -v, --verbose                print the kustomize version and what was rendered, on stderr
  -h, --help                   show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or internal error.`;

/** The whole command: parses arguments, runs, prints, and returns the exit code. */
export async function validateCommand(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', multiple: true, default: ['stylish'] },
        'kubernetes-version': { type: 'string', short: 'k' },
        'ignore-missing-schemas': { type: 'boolean', default: false },
        config: { type: 'string', short: 'c' },
        base: { type: 'string', short: 'b' },
        cluster: { type: 'string' },
        kubeconfig: { type: 'string' },
        environment: { type: 'string' },
        'server-dry-run': { type: 'boolean', default: false },
        'cluster-concurrency': { type: 'string' },
        'cluster-timeout': { type: 'string' },
        'no-inline-exemptions': { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(argv, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const outputs = parseOutputSpecs(values.format, formatNames, process.cwd());
  if (typeof outputs === 'string') return usageError(argv, outputs);
  const wantsJunit = outputs.some((output) => output.format === 'junit');
  if (values.cluster === undefined) {
    const needsCluster = (['server-dry-run', 'kubeconfig', 'environment', 'cluster-concurrency', 'cluster-timeout'] as const).find((name) => values[name] !== undefined && values[name] !== false);
    if (needsCluster !== undefined) return usageError(argv, `--${needsCluster} needs --cluster CONTEXT`);
  }
  const limits = clusterLimits(values['cluster-concurrency'], values['cluster-timeout']);
  if (typeof limits === 'string') return usageError(argv, limits);

  const verbose = values.verbose;
  try {
    const result = await runValidation({
      paths: positionals,
      cwd: process.cwd(),
      kubernetesVersion: values['kubernetes-version'],
      ignoreMissingSchemas: values['ignore-missing-schemas'],
      configFile: values.config,
      base: values.base,
      ...(values.cluster === undefined
        ? {}
        : { cluster: { context: values.cluster, kubeconfig: values.kubeconfig, environment: values.environment, serverDryRun: values['server-dry-run'], ...limits } }),
      inlineExemptions: !values['no-inline-exemptions'],
      cache: !values['no-cache'],
      // Not a product flag: the equivalence tests run the other parsers through the shipped entry,
      // and the benchmark measures the run without the line parser.
      parser: yamlParserFromEnvironment(process.env.VALIDATE_YAML_PARSER),
      locateEveryResource: wantsJunit,
      log: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
    const input = {
      diagnostics: result.diagnostics,
      summary: result.summary,
      // Only JUnit lists every resource; locating each one reads its source file.
      resources: result.resources,
      rules: ruleRegistry.map((rule) => ({ id: rule.meta.id, description: rule.meta.description, help: rule.meta.docs.why, helpUri: ruleHelpUri(rule.meta.id) })),
      toolVersion: toolVersion(),
      ...(result.plan === undefined ? {} : { plan: result.plan }),
    };
    for (const output of outputs) {
      const text = formatReport(output.format, input, { color: output.file === undefined && useColor() });
      if (output.file === undefined) {
        process.stdout.write(text);
        continue;
      }
      try {
        writeFileSync(resolve(process.cwd(), output.file), text);
      } catch (error) {
        return usageError(argv, `cannot write --format ${output.format}=${output.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    return result.summary.errors > 0 ? 1 : 0;
  } catch (error) {
    if (
      error instanceof InputError ||
      error instanceof ConfigError ||
      error instanceof KustomizeNotFoundError ||
      error instanceof CacheLocationError ||
      error instanceof ClusterError
    ) {
      return usageError(argv, error.message);
    }
    if (verbose) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return reportFailure(argv, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** --cluster-concurrency and --cluster-timeout as ClusterOptions fields, or the usage error's message. */
export function clusterLimits(concurrency: string | undefined, timeout: string | undefined): { concurrency?: number; timeoutMs?: number } | string {
  const limits: { concurrency?: number; timeoutMs?: number } = {};
  if (concurrency !== undefined) {
    const value = /^[0-9]+$/.test(concurrency.trim()) ? Number(concurrency) : Number.NaN;
    if (!Number.isInteger(value) || value < 1 || value > 64) return `--cluster-concurrency ${JSON.stringify(concurrency)}: give a whole number of requests from 1 to 64`;
    limits.concurrency = value;
  }
  if (timeout !== undefined) {
    const value = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(timeout.trim()) ? Number(timeout) : Number.NaN;
    if (!Number.isFinite(value) || value <= 0 || value > 600) return `--cluster-timeout ${JSON.stringify(timeout)}: give seconds per request, more than 0 and at most 600 (e.g. 10 or 2.5)`;
    limits.timeoutMs = Math.max(1, Math.round(value * 1000));
  }
  return limits;
}

/** `VALIDATE_YAML_PARSER`: `precise` or `js-yaml`; anything else (unset) is the fast path. */
function yamlParserFromEnvironment(value: string | undefined): NonNullable<ValidationOptions['parser']> {
  return value === 'precise' || value === 'js-yaml' ? value : 'fast';
}

function usageError(argv: readonly string[], message: string): number {
  return reportFailure(argv, message, 'Run with --help for usage.\n');
}

function useColor(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

function toolVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}
