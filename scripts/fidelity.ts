import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startControlPlane, stopControlPlane } from './control-plane/lifecycle.ts';
import { apiTargetFromKubeconfig } from './fidelity/api-target.ts';
import { fidelityCases, fidelityNamespace } from './fidelity/cases.ts';
import { compareVerdicts, formatTable, tabulate, type CaseResult } from './fidelity/compare.ts';
import { dryRunCreate, ensureNamespace } from './fidelity/dry-run.ts';
import { createSchemaValidator } from './validate/index.ts';

const usage = `Usage: npm run fidelity [-- --concurrency N] [--keep-running]

Measures the offline validator against a real kube-apiserver (npm run control-plane): one-change
mutations of valid objects, each submitted as a server-side dry-run create (dryRun=All,
fieldValidation=Strict) and validated offline; prints agree / false positive / false negative per
kind and class, writes every case to .cache/fidelity/latest.json, and exits 1 on any false
positive (an object the API server accepts that the validator refuses) or a baseline either side refuses.`;

/** Beside the control plane's binaries, in the repository's .cache/ (git ignores it). */
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'fidelity');

/** The control plane's version: the Kubernetes version the offline validator is asked for. */
const kubernetesVersion = '1.36';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { concurrency: { type: 'string', default: '6' }, 'keep-running': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    process.stderr.write(`fidelity: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(`fidelity: --concurrency takes a positive whole number\n${usage}\n`);
    return 2;
  }
  const { state, started } = await startControlPlane();
  try {
    const target = apiTargetFromKubeconfig(state.kubeconfig);
    await ensureNamespace(target, fidelityNamespace);
    const validator = createSchemaValidator();
    const cases = fidelityCases();
    const results = new Array<CaseResult>(cases.length);
    const startedAt = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const fidelityCase = cases[index]!;
        const server = await dryRunCreate(target, fidelityCase.object, fidelityNamespace);
        const findings = validator.validate(fidelityCase.object, kubernetesVersion).map(({ pointer, message }) => ({ pointer, message }));
        results[index] = compareVerdicts(fidelityCase, server, { rejected: findings.length > 0, findings });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const rows = tabulate(results);
    process.stdout.write(`${formatTable(rows)}\n\n`);
    const wrong = results.filter((result) => result.outcome !== 'agree');
    for (const result of wrong) {
      const why = result.outcome === 'false-positive' ? result.offline.findings.map((f) => `${f.pointer}: ${f.message}`).join('; ') : result.server.message;
      process.stdout.write(`${result.outcome}  ${result.kind} ${result.class}: ${result.description}\n    ${why.slice(0, 400)}\n`);
    }
    const total = rows[rows.length - 1]!;
    const brokenBaselines = results.filter((result) => result.class === 'baseline' && (!result.server.accepted || result.offline.rejected));
    const summary = {
      kubernetesVersion: state.kubernetesVersion,
      cases: total.cases,
      agree: total.agree,
      falsePositives: total.falsePositive,
      falseNegatives: total.falseNegative,
      agreement: total.agree / total.cases,
      seconds: (Date.now() - startedAt) / 1000,
    };
    process.stdout.write(
      `\n${summary.cases} cases against kube-apiserver ${summary.kubernetesVersion}: ${summary.agree} agree (${(summary.agreement * 100).toFixed(1)}%), ` +
        `${summary.falsePositives} false positives, ${summary.falseNegatives} false negatives, in ${summary.seconds.toFixed(0)} s\n`,
    );
    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, 'latest.json');
    await writeFile(file, `${JSON.stringify({ summary, table: rows, cases: results }, null, 1)}\n`);
    process.stdout.write(`every case: ${file}\n`);
    if (brokenBaselines.length > 0) process.stderr.write(`fidelity: ${brokenBaselines.length} baseline(s) are not accepted by both sides: the mutations of their kinds measure nothing\n`);
    return summary.falsePositives > 0 || brokenBaselines.length > 0 ? 1 : 0;
  } finally {
    if (started && !values['keep-running']) await stopControlPlane();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fidelity: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
