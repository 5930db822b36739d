import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultSandboxLimits, discoverTargets, findKustomize, goRuntimeSettings } from '../render/index.ts';
import { detectMemoryProbe, type MemoryProbe } from './child-process.ts';
import { writeCorpus, type CorpusCounts } from './corpus.ts';
import { BenchFailure } from './failure.ts';
import { computeFigures, sideBySideRows, type CommandRuns, type CorpusMeasurement, type Figure, type Measurements, type SideBySideRow } from './figures.ts';
import { ensureKubeconform, kubeconformVersion } from './kubeconform-binary.ts';
import { runKubeconform, type KubeconformRun } from './kubeconform-cli.ts';
import { writeKubeconformSchemas } from './kubeconform-schemas.ts';
import { machineInfo, type MachineInfo } from './machine.ts';
import { measureNativeValidation } from './native-share.ts';
import { prepareLiveDryRun } from './live-dry-run.ts';
import { measureRenderFloor } from './render-floor.ts';
import { writeSchemasOnlyConfig } from './schemas-only-config.ts';
import { runValidateCli, type ChildSettings, type ValidateRun } from './validate-cli.ts';

const run = promisify(execFile);

export interface BenchOptions {
  repoRoot: string;
  /** Size of the corpus; the second corpus is twice as large. */
  resources: number;
  seed: number;
  invalidRatio: number;
  kubernetesVersion: string;
  /** Rounds of interleaved measurements; fewer when the time budget runs out. */
  runs: number;
  budgetMs: number;
  log: (line: string) => void;
  /** Aborted on Ctrl-C: no new child starts, and the temporary corpora are still removed. */
  signal: AbortSignal;
}

export interface BenchResult {
  date: string;
  machine: MachineInfo;
  settings: {
    resources: number;
    seed: number;
    invalidRatio: number;
    kubernetesVersion: string;
    rounds: number;
    memoryProbe: MemoryProbe;
    kubeconform: { version: string; schemaFiles: number; recursiveTypesLeftOut: string[] };
    durationSeconds: number;
  };
  figures: Figure[];
  sideBySide: SideBySideRow[];
  measurements: Measurements;
  notes: string[];
}

const childTimeoutMs = 150_000;
const warmUpResources = 500;

/**
 * Builds kubeconform (once), generates the corpora and kubeconform's schemas, then measures in
 * interleaved rounds (on the corpus and the double corpus: the toolkit with all rules, with
 * schemas only, with all rules and its line parser off, kubeconform -n 1 and -n 2; then the half
 * corpus alone and twice side by side, render floor, repo cold, repo unchanged) so that drift on
 * the machine affects every figure alike; figures are medians over the rounds, ratios are medians
 * of the ratios within each round.
 * The time budget starts after the build.
 */
export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const { repoRoot, log } = options;
  const kubeconform = await ensureKubeconform(repoRoot, log);
  const started = performance.now();
  const kustomize = await findKustomize().catch((error: Error) => {
    throw new BenchFailure(error.message);
  });
  const targets = discoverTargets(repoRoot);
  const probe = await detectMemoryProbe();
  const machine = machineInfo(kustomize.description);
  const notes: string[] = [];
  if (probe === 'proc-status') notes.push('peak memory polled from /proc VmHWM every 20 ms (GNU time not found): may miss a short final peak');
  if (probe === 'none') notes.push('peak memory not measured: neither GNU time nor /proc is available');
  if (targets.length === 0) notes.push('the repo has no kustomize targets: repo figures are meaningless');
  if (probe !== 'gnu-time') notes.push('CPU time not measured: it is read from GNU time, which was not found');
  log(`kustomize ${kustomize.version} via ${kustomize.command}; kubeconform ${kubeconformVersion}; ${targets.length} targets; memory probe: ${probe}`);

  const scratchDir = await mkdtemp(join(tmpdir(), 'gitops-bench-'));
  // The CLI's caches for this benchmark alone, so "fresh" and "cold" never touch the user's.
  const cacheDir = join(scratchDir, 'cache');
  const settings: ChildSettings = { probe, scratchDir, timeoutMs: childTimeoutMs, cacheDir };
  const validate = (args: readonly string[]) => {
    options.signal.throwIfAborted();
    return runValidateCli(repoRoot, args, settings);
  };
  const plainArgs = (dir: string) => [dir, '--kubernetes-version', options.kubernetesVersion];
  const validateWithoutLineParser = (args: readonly string[]) => {
    options.signal.throwIfAborted();
    return runValidateCli(repoRoot, args, { ...settings, env: { VALIDATE_YAML_PARSER: 'js-yaml' } });
  };
  const schemasOnlyConfig = join(scratchDir, 'schemas-only.config.json');
  const schemasOnlyArgs = (dir: string) => [...plainArgs(dir), '--config', schemasOnlyConfig];
  try {
    const corpusSizes = { corpus: options.resources, doubleCorpus: 2 * options.resources };
    const dirs = {
      warmUp: join(scratchDir, 'warm-up'),
      corpus: join(scratchDir, 'corpus'),
      doubleCorpus: join(scratchDir, 'double-corpus'),
      halfCorpus: join(scratchDir, 'half-corpus'),
    };
    log(`generating corpora of ${corpusSizes.corpus} and ${corpusSizes.doubleCorpus} resources in ${scratchDir}`);
    const corpusOptions = (resources: number) => ({ resources, seed: options.seed, invalidRatio: options.invalidRatio });
    await writeCorpus(dirs.warmUp, corpusOptions(warmUpResources));
    const corpusCounts = await writeCorpus(dirs.corpus, corpusOptions(corpusSizes.corpus));
    const doubleCounts = await writeCorpus(dirs.doubleCorpus, corpusOptions(corpusSizes.doubleCorpus));
    const halfResources = Math.round(options.resources / 2);
    await writeCorpus(dirs.halfCorpus, corpusOptions(halfResources));
    await writeSchemasOnlyConfig(schemasOnlyConfig);
    const schemas = await writeKubeconformSchemas(resolve(repoRoot, '..', 'shared'), options.kubernetesVersion, join(scratchDir, 'kubeconform-schemas'));
    log(`${schemas.files} kubeconform schemas (strict, standalone) for Kubernetes ${options.kubernetesVersion} and the CRDs`);
    const kubeconformOn = (dir: string, workers: number) => {
      options.signal.throwIfAborted();
      return runKubeconform(kubeconform, dir, workers, schemas, settings);
    };

    // A pull request: a clone of HEAD with one overlay's image tag bumped, validated with and without --base HEAD.
    const change = await prepareChange(repoRoot, join(scratchDir, 'change'));
    const validateChange = (args: readonly string[]) => {
      options.signal.throwIfAborted();
      return runValidateCli(repoRoot, args, { ...settings, cwd: change });
    };
    await validateChange(['--base', 'HEAD']);

    log('repo validate, fresh (every cache removed)');
    await rm(cacheDir, { recursive: true, force: true });
    const fresh = await validate([]);
    const live = await prepareLiveDryRun(repoRoot);
    if ('skipped' in live) notes.push(live.skipped);
    else await validate(live.args); // live schemas fetched and cached, as after a first run
    log('warm-up runs on a small corpus (not measured)');
    await validate(plainArgs(dirs.warmUp));
    await validate(schemasOnlyArgs(dirs.warmUp));
    await validateWithoutLineParser(plainArgs(dirs.warmUp));
    await kubeconformOn(dirs.warmUp, 1);

    const native = await measureNativeValidation(dirs.corpus, options.kubernetesVersion);
    log(`API-server rules alone: ${native.objects} objects in ${native.bestMs.toFixed(0)} ms`);

    const corpus = emptyCorpusMeasurement(label(corpusSizes.corpus), corpusCounts);
    const doubleCorpus = emptyCorpusMeasurement(label(corpusSizes.doubleCorpus), doubleCounts);
    const scaling = { label: label(halfResources), aloneMs: [] as number[], sideBySideMs: [] as number[] };
    const repo = { targets: targets.length, floorMs: [] as number[], tunedFloorMs: [] as number[], floorFailures: 0, coldMs: [] as number[], unchangedMs: [] as number[], changeMs: [] as number[], changeWithBaseMs: [] as number[], liveDryRunMs: [] as number[], freshMs: fresh.wallMs, summary: fresh.summary };

    let rounds = 0;
    while (rounds < options.runs) {
      const roundStarted = performance.now();
      log(`round ${rounds + 1}/${options.runs}`);
      for (const [measurement, dir] of [[corpus, dirs.corpus], [doubleCorpus, dirs.doubleCorpus]] as const) {
        const run = await validate(plainArgs(dir));
        record(measurement, run);
        measurement.summary = run.summary;
        record(measurement.schemasOnly, await validate(schemasOnlyArgs(dir)));
        const withoutLineParser = await validateWithoutLineParser(plainArgs(dir));
        record(measurement.withoutLineParser, withoutLineParser);
        if (JSON.stringify(withoutLineParser.summary) !== JSON.stringify(run.summary)) {
          notes.push(`${measurement.label} corpus: without the line parser the CLI counted ${JSON.stringify(withoutLineParser.summary)}, with it ${JSON.stringify(run.summary)}`);
        }
        record(measurement.kubeconform.oneWorker, await kubeconformOn(dir, 1));
        const twoWorkers = await kubeconformOn(dir, 2);
        record(measurement.kubeconform.twoWorkers, twoWorkers);
        measurement.kubeconform.summary = twoWorkers.summary;
      }
      scaling.aloneMs.push((await validate(plainArgs(dirs.halfCorpus))).wallMs);
      const pair = await Promise.all([validate(plainArgs(dirs.halfCorpus)), validate(plainArgs(dirs.halfCorpus))]);
      scaling.sideBySideMs.push(Math.max(...pair.map((run) => run.wallMs)));
      options.signal.throwIfAborted();
      const floor = await measureRenderFloor(repoRoot, targets, kustomize);
      repo.floorMs.push(floor.wallMs);
      repo.floorFailures = floor.failures;
      repo.tunedFloorMs.push((await measureRenderFloor(repoRoot, targets, kustomize, goRuntimeSettings(defaultSandboxLimits))).wallMs);
      // Cold: nothing rendered yet, so no verdict on a render either; compiled validators stay.
      for (const derived of ['render', 'verdicts']) await rm(join(cacheDir, derived), { recursive: true, force: true });
      const cold = await validate([]);
      repo.coldMs.push(cold.wallMs);
      repo.summary = cold.summary;
      repo.unchangedMs.push((await validate([])).wallMs);
      repo.changeMs.push((await validateChange([])).wallMs);
      repo.changeWithBaseMs.push((await validateChange(['--base', 'HEAD'])).wallMs);
      if ('args' in live) repo.liveDryRunMs.push((await validate(live.args)).wallMs);
      rounds++;

      const elapsed = performance.now() - started;
      const roundMs = performance.now() - roundStarted;
      if (rounds < options.runs && elapsed + roundMs > options.budgetMs) {
        notes.push(`stopped after ${rounds} of ${options.runs} rounds to stay within the ${options.budgetMs / 1000} s budget`);
        break;
      }
    }

    for (const measurement of [corpus, doubleCorpus]) {
      const expected = measurement.generated - measurement.nameless;
      if (measurement.summary.resources !== expected) {
        notes.push(
          `${measurement.label} corpus: the CLI counted ${measurement.summary.resources} resources, expected ${expected} ` +
            `(${measurement.generated} documents, ${measurement.nameless} of them without a name)`,
        );
      }
      // A validator that skips work would look fast: every injected defect must be found.
      if (measurement.summary.errors < measurement.invalid) {
        notes.push(`${measurement.label} corpus: the CLI reported ${measurement.summary.errors} errors for ${measurement.invalid} injected defects`);
      }
      const checked = measurement.kubeconform.summary;
      if (checked.valid + checked.invalid !== measurement.generated) {
        notes.push(`${measurement.label} corpus: kubeconform validated ${checked.valid + checked.invalid} resources of ${measurement.generated} documents`);
      }
      notes.push(
        `${measurement.label} corpus: kubeconform found ${checked.invalid} invalid resources among ${measurement.invalid} injected defects ` +
          `(its schemas check no quantity syntax, list-map keys or required names, and it has no rules)`,
      );
    }
    if (repo.floorFailures > 0) notes.push(`${repo.floorFailures} of ${targets.length} kustomize builds failed in the render floor`);

    const measurements: Measurements = { corpus, doubleCorpus, repo, scaling, native };
    return {
      date: new Date().toISOString(),
      machine,
      settings: {
        resources: options.resources,
        seed: options.seed,
        invalidRatio: options.invalidRatio,
        kubernetesVersion: options.kubernetesVersion,
        rounds,
        memoryProbe: probe,
        kubeconform: { version: kubeconformVersion, schemaFiles: schemas.files, recursiveTypesLeftOut: schemas.recursive },
        durationSeconds: Math.round((performance.now() - started) / 100) / 10,
      },
      figures: computeFigures(measurements),
      sideBySide: sideBySideRows(measurements),
      measurements,
      notes,
    };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

function emptyCorpusMeasurement(name: string, counts: CorpusCounts): CorpusMeasurement {
  return {
    label: name,
    generated: counts.resources,
    files: counts.files,
    invalid: counts.invalid,
    nameless: counts.byDefect['missing-name'],
    wallMs: [],
    cpuSeconds: [],
    peakRssBytes: [],
    summary: { targets: 0, resources: 0, errors: 0, warnings: 0 },
    schemasOnly: emptyRuns(),
    withoutLineParser: emptyRuns(),
    kubeconform: { oneWorker: emptyRuns(), twoWorkers: emptyRuns(), summary: { valid: 0, invalid: 0, errors: 0, skipped: 0 } },
  };
}

function emptyRuns(): CommandRuns {
  return { wallMs: [], cpuSeconds: [], peakRssBytes: [] };
}

function record(runs: CommandRuns, run: ValidateRun | KubeconformRun): void {
  runs.wallMs.push(run.wallMs);
  runs.cpuSeconds.push(run.cpuSeconds);
  runs.peakRssBytes.push(run.peakRssBytes);
}

/** `20k` for 20000, or the plain number when it is not a round thousand. */
function label(resources: number): string {
  return resources % 1000 === 0 ? `${resources / 1000}k` : String(resources);
}

/** A clone of the repository's HEAD with one change a pull request makes: the staging web image's tag bumped. */
async function prepareChange(repoRoot: string, dir: string): Promise<string> {
  await run('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, dir]);
  const file = join(dir, 'overlays', 'staging', 'webapp', 'kustomization.yaml');
  const text = await readFile(file, 'utf8');
  const bumped = text.replace(/newTag: "?(\d+)\.(\d+)\.(\d+)"?/, (_all, major: string, minor: string, patch: string) => `newTag: "${major}.${minor}.${String(Number(patch) + 1)}"`);
  if (bumped === text) throw new BenchFailure(`${file}: no newTag to bump`);
  await writeFile(file, bumped);
  return dir;
}
