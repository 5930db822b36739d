import { runMeasured } from './child-process.ts';
import { BenchFailure, tail } from './failure.ts';
import type { KubeconformSchemas } from './kubeconform-schemas.ts';
import type { ChildSettings } from './validate-cli.ts';

export interface KubeconformSummary {
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

export interface KubeconformRun {
  wallMs: number;
  peakRssBytes: number | null;
  cpuSeconds: number | null;
  summary: KubeconformSummary;
}

/**
 * One run of kubeconform on a directory, as its users run it in CI: `-strict` (closed schemas,
 * duplicate keys rejected), local schemas only, `workers` goroutines validating, a JSON summary
 * to check that every resource was validated. Exit 1 is normal (the corpus has errors on
 * purpose); a resource kubeconform could not validate (a missing schema) fails the benchmark,
 * since a validator that skips work would look fast.
 */
export async function runKubeconform(
  binary: string,
  dir: string,
  workers: number,
  schemas: KubeconformSchemas,
  settings: ChildSettings,
): Promise<KubeconformRun> {
  const args = [
    ...['-strict', '-summary', '-output', 'json', '-n', String(workers)],
    ...['-kubernetes-version', schemas.kubernetesVersion, '-schema-location', schemas.location, dir],
  ];
  const run = await runMeasured(binary, args, { cwd: dir, probe: settings.probe, timeoutMs: settings.timeoutMs, scratchDir: settings.scratchDir });
  const shown = `kubeconform ${args.join(' ')}`;
  if (run.timedOut) throw new BenchFailure(`${shown} did not finish within ${settings.timeoutMs / 1000} s`);
  let output: { resources?: { status?: string; msg?: string }[]; summary?: Partial<KubeconformSummary> };
  try {
    output = JSON.parse(run.stdout) as typeof output;
  } catch {
    throw new BenchFailure(`${shown} exited with ${run.exitCode ?? run.signal} without a JSON summary:\n${tail(run.stderr || run.stdout)}`);
  }
  const { valid, invalid, errors, skipped } = output.summary ?? {};
  if (typeof valid !== 'number' || typeof invalid !== 'number' || typeof errors !== 'number' || typeof skipped !== 'number') {
    throw new BenchFailure(`${shown} printed JSON without a summary (valid, invalid, errors, skipped)`);
  }
  if (errors > 0 || skipped > 0) {
    const messages = (output.resources ?? []).filter((resource) => resource.status !== 'statusInvalid').map((resource) => resource.msg ?? '');
    throw new BenchFailure(`${shown} could not validate ${errors + skipped} resources:\n${tail([...new Set(messages)].join('\n'))}`);
  }
  return { wallMs: run.wallMs, peakRssBytes: run.peakRssBytes, cpuSeconds: run.cpuSeconds, summary: { valid, invalid, errors, skipped } };
}
