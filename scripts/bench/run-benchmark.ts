import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findKustomize } from '../render/kustomize-binary.ts';
import { discoverTargets } from '../render/targets.ts';
import { detectMemoryProbe, type MemoryProbe } from './child-process.ts';
import { writeCorpus, type CorpusCounts } from './corpus.ts';
import { BenchFailure } from './failure.ts';
import { computeFigures, type CorpusMeasurement, type Figure, type Measurements } from './figures.ts';
import { machineInfo, type MachineInfo } from './machine.ts';
import { measureRenderFloor } from './render-floor.ts';
import { runValidateCli, type ChildSettings } from './validate-cli.ts';

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
    durationSeconds: number;
  };
  figures: Figure[];
  measurements: Measurements;
  notes: string[];
}

const childTimeoutMs = 150_000;
const warmUpResources = 500;

/**
 * Generates the corpora, then measures in interleaved rounds (corpus, double corpus, half corpus
 * alone and twice side by side, render floor, repo cold, repo unchanged) so that drift on the
 * machine affects every figure alike;
 * figures are medians over the rounds, ratios are medians of the ratios within each round.
 */
export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const { repoRoot, log } = options;
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
  log(`kustomize ${kustomize.version} via ${kustomize.command}; ${targets.length} targets; memory probe: ${probe}`);

  const scratchDir = await mkdtemp(join(tmpdir(), 'gitops-bench-'));
  const settings: ChildSettings = { probe, scratchDir, timeoutMs: childTimeoutMs };
  const validate = (args: readonly string[]) => {
    options.signal.throwIfAborted();
    return runValidateCli(repoRoot, args, settings);
  };
  const plainArgs = (dir: string) => [dir, '--kubernetes-version', options.kubernetesVersion];
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

    log('repo validate, fresh (whole .cache removed)');
    await clearCache(repoRoot);
    const fresh = await validate([]);
    log('warm-up run on a small corpus (not measured)');
    await validate(plainArgs(dirs.warmUp));

    const corpus = emptyCorpusMeasurement(label(corpusSizes.corpus), corpusCounts);
    const doubleCorpus = emptyCorpusMeasurement(label(corpusSizes.doubleCorpus), doubleCounts);
    const scaling = { label: label(halfResources), aloneMs: [] as number[], sideBySideMs: [] as number[] };
    const repo = { targets: targets.length, floorMs: [] as number[], floorFailures: 0, coldMs: [] as number[], unchangedMs: [] as number[], freshMs: fresh.wallMs, summary: fresh.summary };

    let rounds = 0;
    while (rounds < options.runs) {
      const roundStarted = performance.now();
      log(`round ${rounds + 1}/${options.runs}`);
      for (const [measurement, dir] of [[corpus, dirs.corpus], [doubleCorpus, dirs.doubleCorpus]] as const) {
        const run = await validate(plainArgs(dir));
        measurement.wallMs.push(run.wallMs);
        measurement.peakRssBytes.push(run.peakRssBytes);
        measurement.summary = run.summary;
      }
      scaling.aloneMs.push((await validate(plainArgs(dirs.halfCorpus))).wallMs);
      const pair = await Promise.all([validate(plainArgs(dirs.halfCorpus)), validate(plainArgs(dirs.halfCorpus))]);
      scaling.sideBySideMs.push(Math.max(...pair.map((run) => run.wallMs)));
      options.signal.throwIfAborted();
      const floor = await measureRenderFloor(repoRoot, targets, kustomize);
      repo.floorMs.push(floor.wallMs);
      repo.floorFailures = floor.failures;
      await rm(join(repoRoot, '.cache', 'render'), { recursive: true, force: true });
      const cold = await validate([]);
      repo.coldMs.push(cold.wallMs);
      repo.summary = cold.summary;
      repo.unchangedMs.push((await validate([])).wallMs);
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
    }
    if (repo.floorFailures > 0) notes.push(`${repo.floorFailures} of ${targets.length} kustomize builds failed in the render floor`);

    const measurements: Measurements = { corpus, doubleCorpus, repo, scaling };
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
        durationSeconds: Math.round((performance.now() - started) / 100) / 10,
      },
      figures: computeFigures(measurements),
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
    peakRssBytes: [],
    summary: { targets: 0, resources: 0, errors: 0, warnings: 0 },
  };
}

/** `20k` for 20000, or the plain number when it is not a round thousand. */
function label(resources: number): string {
  return resources % 1000 === 0 ? `${resources / 1000}k` : String(resources);
}

/** "Fresh": every cache the CLI keeps under .cache, but not this benchmark's own results. */
async function clearCache(repoRoot: string): Promise<void> {
  const cacheDir = join(repoRoot, '.cache');
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(entries.filter((entry) => entry !== 'bench').map((entry) => rm(join(cacheDir, entry), { recursive: true, force: true })));
}
