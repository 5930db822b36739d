import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runMeasured, type MemoryProbe } from './child-process.ts';
import { BenchFailure, tail } from './failure.ts';

export interface ValidateSummary {
  targets: number;
  resources: number;
  errors: number;
  warnings: number;
}

export interface ValidateRun {
  wallMs: number;
  peakRssBytes: number | null;
  cpuSeconds: number | null;
  exitCode: number;
  summary: ValidateSummary;
}

export interface ChildSettings {
  probe: MemoryProbe;
  scratchDir: string;
  timeoutMs: number;
  /** VALIDATE_CACHE_DIR of the runs. */
  cacheDir: string;
  /** Where the command runs (the repository it validates); default the toolkit's own. */
  cwd?: string;
  /** Added to the environment of the runs. */
  env?: NodeJS.ProcessEnv;
}

/**
 * One end-to-end run of the real CLI, as `npm run validate` starts it (its Node options too): a
 * fresh Node process loading the TypeScript from its esbuild bundle, output as JSON so the run
 * can be checked and counted. Exit 0 and 1 are both normal outcomes (the corpus has errors on
 * purpose); anything else is a failure.
 */
export async function runValidateCli(repoRoot: string, args: readonly string[], settings: ChildSettings): Promise<ValidateRun> {
  const argv = [...(await validateNodeOptions(repoRoot)), join(repoRoot, 'scripts', 'validate.mjs'), ...args, '--format', 'json'];
  const run = await runMeasured(process.execPath, argv, {
    cwd: settings.cwd ?? repoRoot,
    probe: settings.probe,
    timeoutMs: settings.timeoutMs,
    scratchDir: settings.scratchDir,
    // Colour and verbosity must not change what is measured.
    env: { ...process.env, ...settings.env, NO_COLOR: '1', FORCE_COLOR: '0', VALIDATE_CACHE_DIR: settings.cacheDir },
  });
  const shown = `node ${argv.join(' ')}`;
  if (run.timedOut) throw new BenchFailure(`${shown} did not finish within ${settings.timeoutMs / 1000} s`);
  if (run.exitCode !== 0 && run.exitCode !== 1) {
    throw new BenchFailure(`${shown} exited with ${run.exitCode ?? run.signal}:\n${tail(run.stderr)}`);
  }
  return {
    wallMs: run.wallMs,
    peakRssBytes: run.peakRssBytes,
    cpuSeconds: run.cpuSeconds,
    exitCode: run.exitCode,
    summary: parseSummary(run.stdout, shown, run.stderr),
  };
}

/**
 * The Node options `npm run validate` starts the command with (package.json's `validate` script,
 * `node <options> scripts/validate.mjs`): the benchmark runs the command as users and CI do.
 */
function validateNodeOptions(repoRoot: string): Promise<string[]> {
  let options = nodeOptionsByRepo.get(repoRoot);
  if (options === undefined) nodeOptionsByRepo.set(repoRoot, (options = readValidateNodeOptions(repoRoot)));
  return options;
}

/** Read once per repository for the whole benchmark, not once per run. */
const nodeOptionsByRepo = new Map<string, Promise<string[]>>();

async function readValidateNodeOptions(repoRoot: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (manifest.scripts?.validate ?? '').trim().split(/\s+/);
  const entry = words.indexOf('scripts/validate.mjs');
  if (words[0] !== 'node' || entry === -1 || entry !== words.length - 1 || words.slice(1, entry).some((word) => !word.startsWith('--'))) {
    throw new BenchFailure(`package.json's validate script is not "node [--option ...] scripts/validate.mjs": ${manifest.scripts?.validate ?? '(none)'}`);
  }
  return words.slice(1, entry);
}

function parseSummary(stdout: string, shown: string, stderr: string): ValidateSummary {
  let output: unknown;
  try {
    output = JSON.parse(stdout);
  } catch {
    throw new BenchFailure(`${shown} did not print one JSON object:\n${tail(stdout || stderr)}`);
  }
  const summary = (output as { summary?: Record<string, unknown> } | null)?.summary;
  const fields = ['targets', 'resources', 'errors', 'warnings'] as const;
  if (!summary || fields.some((field) => typeof summary[field] !== 'number')) {
    throw new BenchFailure(`${shown} printed JSON without a numeric summary (targets, resources, errors, warnings)`);
  }
  return { targets: summary.targets as number, resources: summary.resources as number, errors: summary.errors as number, warnings: summary.warnings as number };
}
