import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stopRunningChildren } from './bench/child-process.ts';
import { BenchFailure } from './bench/failure.ts';
import { describeMachine } from './bench/machine.ts';
import { runBenchmark } from './bench/run-benchmark.ts';
import { formatSideBySide, formatTable } from './bench/table.ts';

const usage = `Usage: npm run bench -- [options]

Measures the validate command: plain-file validation of a generated corpus and of one twice its
size (wall time, resources/s, resources per CPU-second, peak memory), with all rules, with
schemas only and with all rules but the YAML line parser off, side by side with kubeconform
(built from its Go module into .cache/tools/ on the first run) with one and two workers on the
same corpora; and the repo's own validation cold and unchanged against the render floor (the
same kustomize builds and nothing else). Prints the
table of figures and the side-by-side table, and writes both as JSON. Exit 0 when measured
(even if a target is missed), 2 when it could not measure.

Options:
      --out FILE        where to write the JSON results (default: .cache/bench/results.json)
      --runs N          rounds of measurements, medians are reported (default: 5,
                        fewer if the 10-minute budget would be exceeded)
      --resources N     size of the first corpus; the second is twice as large (default: 20000)
  -h, --help            show this help`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', default: join(repoRoot, '.cache', 'bench', 'results.json') },
        runs: { type: 'string', default: '5' },
        resources: { type: 'string', default: '20000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const runs = Number(values.runs);
  const resources = Number(values.resources);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(resources) || resources < 1) {
    process.stderr.write('bench: --runs and --resources take positive whole numbers\n');
    return 2;
  }

  const abort = new AbortController();
  process.once('SIGINT', () => {
    abort.abort(new BenchFailure('interrupted'));
    stopRunningChildren();
  });
  try {
    const result = await runBenchmark({
      repoRoot,
      resources,
      runs,
      seed: 20_000,
      invalidRatio: 0.03,
      kubernetesVersion: '1.36',
      // Room for five rounds of the toolkit's and kubeconform's runs on both corpora; no round starts that would end later.
      budgetMs: 600_000,
      log: (line) => process.stderr.write(`bench: ${line}\n`),
      signal: abort.signal,
    });
    process.stdout.write(`\n${describeMachine(result.machine)}\n`);
    process.stdout.write(`medians of ${result.settings.rounds} rounds, ${result.settings.durationSeconds} s in all\n\n`);
    process.stdout.write(formatTable(result.figures));
    process.stdout.write(`\nside by side with kubeconform ${result.settings.kubeconform.version} (medians)\n\n`);
    process.stdout.write(formatSideBySide(result.sideBySide));
    for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
    const out = resolve(values.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(`\nwritten to ${out}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof BenchFailure ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`bench: could not measure: ${message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
