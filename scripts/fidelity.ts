import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startControlPlane, stopControlPlane } from './control-plane/lifecycle.ts';
import { mapConcurrently } from './core/concurrency.ts';
import { ApiResources } from './fidelity/api-resources.ts';
import { apiTargetFromKubeconfig } from './fidelity/api-target.ts';
import type { KubeObject } from './fidelity/baselines.ts';
import { fidelityCases, fidelityNamespace } from './fidelity/cases.ts';
import { compareVerdicts, formatTable, oracleRequest, tabulate, type CaseResult } from './fidelity/compare.ts';
import { installCrds, readCrdFile, sharedCrdFiles } from './fidelity/crds.ts';
import { desiredState, environments, submitDesiredState, type DesiredResult } from './fidelity/desired-state.ts';
import { argocdApplied, dryRunCreate, ensureNamespace, serverSideApply } from './fidelity/dry-run.ts';
import { generateFidelitySchemas } from './fidelity/offline-schemas.ts';
import { createSchemaValidator, describeUnevaluatedRules } from './validate/index.ts';

const usage = `Usage: npm run fidelity [-- --concurrency N] [--shared DIR] [--keep-running]

Measures the offline validator against a real kube-apiserver (npm run control-plane, built from
Go modules the first time). Installs the bundled CRDs (Argo CD, External Secrets, from the shared
data) and a test CRD with CEL rules and formats, then submits one-change mutations of valid
objects the way Argo CD applies this repository (${oracleRequest}), and a server-side dry-run
create of each for comparison, and validates each offline; then the repository's rendered desired
state, every environment in sync order. Prints agree / false positive / false negative per kind
and class, writes every case to .cache/fidelity/latest.json, and exits 1 when agreement is below
99.5%, on any false positive, a baseline either side refuses, or a desired-state object the
server refuses or the validator reports.`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Beside the control plane's binaries, in the repository's .cache/ (git ignores it). */
const resultsDir = join(repoRoot, '.cache', 'fidelity');
/** Test CRDs beside the bundled ones: CEL rules and formats (widgets), an undeclared root (sprockets). */
const testCrdFiles = ['widgets-crd.yaml', 'sprockets-crd.yaml'].map((name) => join(repoRoot, 'test', 'fixtures', 'fidelity', name));

/** The control plane's version: the Kubernetes version the offline validator is asked for. */
const kubernetesVersion = '1.36';
const targets = { agreement: 0.995, minimumCases: 2000 };

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        concurrency: { type: 'string', default: '6' },
        shared: { type: 'string', default: resolve(repoRoot, '..', 'shared') },
        'keep-running': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
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
  const sharedDir = resolve(values.shared);
  const startedAt = Date.now();
  const { state, started } = await startControlPlane();
  try {
    const target = apiTargetFromKubeconfig(state.kubeconfig);
    const resources = new ApiResources(target);
    await resources.refresh();
    await ensureNamespace(target, fidelityNamespace);
    await installCrds(target, resources, [...sharedCrdFiles(sharedDir), ...testCrdFiles].flatMap(readCrdFile));
    const schemasDir = generateFidelitySchemas({ repoRoot, sharedDir, outDir: join(resultsDir, 'schemas'), extraCrdFiles: testCrdFiles });
    const validator = createSchemaValidator({ schemasDir });
    const offline = (object: KubeObject) => validator.validate(object, kubernetesVersion).map(({ pointer, message }) => ({ pointer, message }));

    // The mutations.
    const cases = fidelityCases();
    const results: CaseResult[] = await mapConcurrently(cases, concurrency, async (fidelityCase) => {
      const applied = argocdApplied(fidelityCase.object);
      const [apply, create] = await Promise.all([
        applied.refusal ?? serverSideApply(target, resources, applied.object, { dryRun: true }),
        dryRunCreate(target, resources, fidelityCase.object),
      ]);
      const appliedName = applied.appliedName;
      const findings = offline(fidelityCase.object);
      return compareVerdicts(fidelityCase, { apply, create, ...(appliedName === undefined ? {} : { appliedName }) }, { rejected: findings.length > 0, findings });
    });
    const rows = tabulate(results);
    process.stdout.write(`${formatTable(rows)}\n\n`);
    for (const result of results.filter((entry) => entry.outcome !== 'agree')) {
      const why = result.outcome === 'false-positive' ? result.offline.findings.map((f) => `${f.pointer}: ${f.message}`).join('; ') : result.server.message;
      process.stdout.write(`${result.outcome}  ${result.kind} ${result.class}: ${result.description}\n    ${why.slice(0, 400)}\n`);
    }
    const total = rows[rows.length - 1]!;
    const brokenBaselines = results.filter((result) => result.class === 'baseline' && (!result.server.accepted || result.offline.rejected));

    // The repository's own desired state.
    const desired: DesiredResult[] = [];
    const preexisting: Record<string, string[]> = {};
    const notes: string[] = [];
    for (const environment of environments(repoRoot)) {
      const rendered = await desiredState(repoRoot, environment);
      notes.push(...rendered.notes.map((note) => `${environment}: ${note}`));
      const submitted = await submitDesiredState(target, resources, rendered.objects, offline);
      desired.push(...submitted.results);
      preexisting[environment] = submitted.preexisting;
    }
    const refused = desired.filter((entry) => !entry.server.accepted);
    const reported = desired.filter((entry) => entry.offlineFindings.length > 0);
    process.stdout.write(`\nDesired state (rendered by the Argo CD model, submitted in sync order as ${oracleRequest}):\n`);
    for (const environment of environments(repoRoot)) {
      const own = desired.filter((entry) => entry.environment === environment);
      process.stdout.write(
        `  ${environment}: ${own.length} objects, ${own.filter((entry) => !entry.server.accepted).length} refused by the server, ` +
          `${own.filter((entry) => entry.offlineFindings.length > 0).length} with offline schema findings` +
          `${preexisting[environment]!.length > 0 ? ` (namespaces that exist before Argo CD syncs: ${preexisting[environment]!.join(', ')})` : ''}\n`,
      );
    }
    for (const entry of refused) process.stdout.write(`  refused  ${entry.environment} ${entry.kind} ${entry.namespace}/${entry.name} (${entry.source}): ${entry.server.message.slice(0, 300)}\n`);
    for (const entry of reported) process.stdout.write(`  finding  ${entry.environment} ${entry.kind} ${entry.namespace}/${entry.name}: ${entry.offlineFindings.map((f) => `${f.pointer}: ${f.message}`).join('; ').slice(0, 300)}\n`);
    for (const note of notes) process.stdout.write(`  note  ${note}\n`);
    // CEL rules the offline validator could not run: each is a false negative waiting to happen.
    const unevaluatedCelRules = validator.unevaluatedCelRules();
    if (unevaluatedCelRules.length > 0) process.stdout.write(`\n${describeUnevaluatedRules(unevaluatedCelRules).join('\n')}\n`);

    const summary = {
      kubernetesVersion: state.kubernetesVersion,
      oracle: oracleRequest,
      cases: total.cases,
      agree: total.agree,
      falsePositives: total.falsePositive,
      falseNegatives: total.falseNegative,
      agreement: total.agree / total.cases,
      createDiffers: total.createDiffers,
      desiredState: { objects: desired.length, refused: refused.length, offlineFindings: reported.length },
      seconds: (Date.now() - startedAt) / 1000,
    };
    process.stdout.write(
      `\n${summary.cases} cases against kube-apiserver ${summary.kubernetesVersion}: ${summary.agree} agree (${(summary.agreement * 100).toFixed(2)}%), ` +
        `${summary.falsePositives} false positives, ${summary.falseNegatives} false negatives; the dry-run create answers otherwise in ${summary.createDiffers}; ` +
        `desired state ${desired.length} objects, ${refused.length} refused, ${reported.length} with findings; in ${summary.seconds.toFixed(0)} s\n`,
    );
    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, 'latest.json');
    await writeFile(file, `${JSON.stringify({ summary, table: rows, cases: results, unevaluatedCelRules, desiredState: { preexisting, notes, objects: desired } }, null, 1)}\n`);
    process.stdout.write(`every case: ${file}\n`);
    const failures = [
      ...(summary.cases < targets.minimumCases ? [`${summary.cases} cases, fewer than ${targets.minimumCases}`] : []),
      ...(summary.agreement < targets.agreement ? [`agreement ${(summary.agreement * 100).toFixed(2)}% is below ${targets.agreement * 100}%`] : []),
      ...(summary.falsePositives > 0 ? [`${summary.falsePositives} false positive(s)`] : []),
      ...(brokenBaselines.length > 0 ? [`baseline(s) not accepted by both sides (${brokenBaselines.map((result) => result.kind).join(', ')}): the mutations of their kinds measure nothing`] : []),
      ...(refused.length > 0 ? [`${refused.length} desired-state object(s) refused by the server`] : []),
      ...(reported.length > 0 ? [`${reported.length} desired-state object(s) with offline schema findings`] : []),
    ];
    for (const failure of failures) process.stderr.write(`fidelity: ${failure}\n`);
    return failures.length > 0 ? 1 : 0;
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
