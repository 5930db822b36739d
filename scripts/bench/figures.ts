import type { KubeconformSummary } from './kubeconform-cli.ts';
import { liveEnvironment } from './live-dry-run.ts';
import { median, medianOfKnown, medianRatio } from './stats.ts';
import type { ValidateSummary } from './validate-cli.ts';

/** The samples of one command on one corpus, one per round. */
export interface CommandRuns {
  wallMs: number[];
  /** User plus system CPU seconds; null where not measurable. */
  cpuSeconds: (number | null)[];
  peakRssBytes: (number | null)[];
}

export interface CorpusMeasurement {
  label: string;
  /** Documents written by the generator. */
  generated: number;
  files: number;
  invalid: number;
  /** Documents generated without a name: YAML findings for the CLI, not resources. */
  nameless: number;
  /** The toolkit with every rule, as configured in the repo. */
  wallMs: number[];
  cpuSeconds: (number | null)[];
  peakRssBytes: (number | null)[];
  /** The CLI's own summary (from the last run; every run validates the same input). */
  summary: ValidateSummary;
  /** The toolkit with every rule off: schemas only, what kubeconform does. */
  schemasOnly: CommandRuns;
  /** The toolkit with every rule, its line parser off (js-yaml takes the happy path): why the line parser is kept. */
  withoutLineParser: CommandRuns;
  /** kubeconform with one and with two validating goroutines, side by side with the toolkit in each round. */
  kubeconform: { oneWorker: CommandRuns; twoWorkers: CommandRuns; summary: KubeconformSummary };
}

export interface RepoMeasurement {
  targets: number;
  floorMs: number[];
  /** The same builds with the Go runtime settings the toolkit gives kustomize (information). */
  tunedFloorMs: number[];
  floorFailures: number;
  coldMs: number[];
  unchangedMs: number[];
  /** A pull request's change (one overlay's image tag) validated alone, and with `--base HEAD`. */
  changeMs: number[];
  changeWithBaseMs: number[];
  /** `--cluster --server-dry-run` of one environment against the local control plane; empty when it was not running. */
  liveDryRunMs: number[];
  freshMs: number;
  summary: ValidateSummary;
}

/**
 * How far the machine's two cores go: a corpus of half the size validated alone, then two such
 * runs side by side. No target: it says what any parallel plan could win here.
 */
export interface ScalingMeasurement {
  label: string;
  aloneMs: number[];
  /** The slower of the two runs started together, per round. */
  sideBySideMs: number[];
}

export interface Measurements {
  corpus: CorpusMeasurement;
  doubleCorpus: CorpusMeasurement;
  repo: RepoMeasurement;
  scaling: ScalingMeasurement;
  /** The API server's hand-written rules alone on the first corpus, in the bench's process (best of three). */
  native: { objects: number; bestMs: number };
}

/** One line of the side-by-side table: one command on one corpus. */
export interface SideBySideRow {
  command: string;
  corpus: string;
  wallSeconds: number;
  resourcesPerSecond: number;
  resourcesPerCpuSecond: number | null;
  peakMemoryMB: number | null;
}

export interface Figure {
  id: string;
  figure: string;
  value: number | null;
  unit: string;
  /** The target, when this figure has one; figures without are there to explain the others. */
  target?: { comparison: 'at least' | 'at most'; value: number };
  met: boolean | null;
}

const megabyte = 1_000_000;

/** Turns the raw samples into the table's figures: medians of times, medians of per-round ratios. */
export function computeFigures(measurements: Measurements): Figure[] {
  const { corpus, doubleCorpus, repo, scaling, native } = measurements;
  const corpusMs = median(corpus.wallMs);
  const doubleMs = median(doubleCorpus.wallMs);
  const corpusPeak = medianOfKnown(corpus.peakRssBytes);
  const doublePeak = medianOfKnown(doubleCorpus.peakRssBytes);
  const floorMs = median(repo.floorMs);
  const coldMs = median(repo.coldMs);
  const unchangedMs = median(repo.unchangedMs);
  const perSecond = (resources: number, ms: number) => resources / (ms / 1000);

  return [
    figure('throughput', `plain validation throughput, ${corpus.label} corpus`, perSecond(corpus.summary.resources, corpusMs), 'resources/s', { comparison: 'at least', value: 15_000 }),
    figure('throughput-double', `plain validation throughput, ${doubleCorpus.label} corpus`, perSecond(doubleCorpus.summary.resources, doubleMs), 'resources/s'),
    figure('time', `plain validation wall time, ${corpus.label} corpus`, corpusMs / 1000, 's'),
    figure('time-double', `plain validation wall time, ${doubleCorpus.label} corpus`, doubleMs / 1000, 's'),
    figure('growth', `cost growth, ${doubleCorpus.label} ÷ ${corpus.label} (time)`, medianRatio(doubleCorpus.wallMs, corpus.wallMs), '×', { comparison: 'at most', value: 2.2 }),
    figure('peak-memory', `peak memory, ${corpus.label} corpus`, corpusPeak === null ? null : corpusPeak / megabyte, 'MB', { comparison: 'at most', value: 1000 }),
    figure('peak-memory-double', `peak memory, ${doubleCorpus.label} corpus`, doublePeak === null ? null : doublePeak / megabyte, 'MB', {
      comparison: 'at most',
      value: 1000,
    }),
    figure(
      'vs-kubeconform',
      `throughput, all rules ÷ kubeconform -n 2 (its best on two cores), ${corpus.label} corpus`,
      medianRatio(corpus.kubeconform.twoWorkers.wallMs, corpus.wallMs),
      '×',
      { comparison: 'at least', value: 2 },
    ),
    figure(
      'vs-kubeconform-double',
      `throughput, all rules ÷ kubeconform -n 2, ${doubleCorpus.label} corpus`,
      medianRatio(doubleCorpus.kubeconform.twoWorkers.wallMs, doubleCorpus.wallMs),
      '×',
    ),
    figure('native-share', `API-server rules (native validation) ÷ the whole run, ${corpus.label} corpus`, native.bestMs / corpusMs, '×', { comparison: 'at most', value: 0.15 }),
    figure(
      'schemas-only-vs-kubeconform',
      `throughput, schemas only ÷ kubeconform -n 2, ${corpus.label} corpus (information)`,
      medianRatio(corpus.kubeconform.twoWorkers.wallMs, corpus.schemasOnly.wallMs),
      '×',
    ),
    figure(
      'line-parser',
      `throughput, all rules with the line parser ÷ without it (js-yaml on the happy path), ${corpus.label} corpus (information)`,
      medianRatio(corpus.withoutLineParser.wallMs, corpus.wallMs),
      '×',
    ),
    figure(
      'without-line-parser-vs-kubeconform',
      `throughput, all rules without the line parser ÷ kubeconform -n 2, ${corpus.label} corpus (information)`,
      medianRatio(corpus.kubeconform.twoWorkers.wallMs, corpus.withoutLineParser.wallMs),
      '×',
    ),
    figure(
      'side-by-side',
      `two ${scaling.label} runs side by side ÷ one alone (time; 1.00 = two cores, 2.00 = one; information)`,
      medianRatio(scaling.sideBySideMs, scaling.aloneMs),
      '×',
    ),
    figure('render-floor', `render floor, repo (${repo.targets} targets, kustomize with Go's defaults)`, floorMs / 1000, 's'),
    figure('render-floor-tuned', "render floor with the toolkit's Go settings for kustomize (GOMAXPROCS=1, GOGC=off; information)", median(repo.tunedFloorMs) / 1000, 's'),
    figure('repo-cold', 'repo validate, cold (render cache cleared)', coldMs / 1000, 's'),
    figure('repo-unchanged', 'repo validate, nothing changed', unchangedMs / 1000, 's'),
    figure('repo-fresh', 'repo validate, fresh (every cache removed; information)', repo.freshMs / 1000, 's'),
    figure('cold-vs-floor', 'repo validate, cold ÷ render floor', medianRatio(repo.coldMs, repo.floorMs), '×', { comparison: 'at most', value: 1.25 }),
    figure('cold-vs-tuned-floor', "repo validate, cold ÷ render floor with the toolkit's Go settings (information)", medianRatio(repo.coldMs, repo.tunedFloorMs), '×'),
    figure('change-with-base', 'pull request (one overlay changed) with --base ÷ without', medianRatio(repo.changeWithBaseMs, repo.changeMs), '×', { comparison: 'at most', value: 1.5 }),
    figure(
      'live-dry-run',
      `repo validate --cluster --server-dry-run, one environment (${liveEnvironment}), against the local kube-apiserver`,
      repo.liveDryRunMs.length === 0 ? null : median(repo.liveDryRunMs) / 1000,
      's',
      { comparison: 'at most', value: 3 },
    ),
    figure('unchanged-vs-cold', 'repo validate, nothing changed ÷ cold', medianRatio(repo.unchangedMs, repo.coldMs), '×', { comparison: 'at most', value: 0.3 }),
  ];
}

/**
 * The toolkit and kubeconform on each corpus: medians of wall time, CPU time and peak memory.
 * Every command validates the same documents, so all rates count the resources the toolkit
 * counts (documents without a name are YAML findings for it, resources for kubeconform).
 */
export function sideBySideRows(measurements: Measurements): SideBySideRow[] {
  return [measurements.corpus, measurements.doubleCorpus].flatMap((corpus) => {
    const commands: [string, CommandRuns][] = [
      ['toolkit, all rules', corpus],
      ['toolkit, schemas only', corpus.schemasOnly],
      ['toolkit, all rules, without the line parser', corpus.withoutLineParser],
      ['kubeconform -n 1', corpus.kubeconform.oneWorker],
      ['kubeconform -n 2', corpus.kubeconform.twoWorkers],
    ];
    return commands.map(([command, runs]): SideBySideRow => {
      const resources = corpus.summary.resources;
      const wallSeconds = median(runs.wallMs) / 1000;
      const cpuSeconds = medianOfKnown(runs.cpuSeconds);
      const peak = medianOfKnown(runs.peakRssBytes);
      return {
        command,
        corpus: corpus.label,
        wallSeconds,
        resourcesPerSecond: resources / wallSeconds,
        resourcesPerCpuSecond: cpuSeconds === null || cpuSeconds === 0 ? null : resources / cpuSeconds,
        peakMemoryMB: peak === null ? null : peak / megabyte,
      };
    });
  });
}

function figure(id: string, name: string, value: number | null, unit: string, target?: Figure['target']): Figure {
  const known = value !== null && Number.isFinite(value);
  const met = !target || !known ? null : target.comparison === 'at least' ? value >= target.value : value <= target.value;
  return { id, figure: name, value: known ? value : null, unit, ...(target ? { target } : {}), met };
}
