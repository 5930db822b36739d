import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { explainText, topologyMarkdown } from './argocd/explain.ts';
import { modelRepository } from './pipeline/index.ts';

// `npm run explain | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
const write = args.includes('--write');
const repoRoot = path.join(import.meta.dirname, '..');
const chosen = args.filter((arg) => !arg.startsWith('--'));
const models = (await modelRepository({ cwd: repoRoot, cache: true })).sort((a, b) => order(a.environment) - order(b.environment));
const unknown = chosen.filter((environment) => !models.some((model) => model.environment === environment));
if (unknown.length > 0) {
  process.stderr.write(`explain: no cluster ${unknown.join(', ')} (clusters: ${models.map((model) => model.environment).join(', ')})\n`);
  process.exit(2);
}
for (const model of models.filter((candidate) => write || chosen.length === 0 || chosen.includes(candidate.environment))) process.stdout.write(`${explainText(model)}\n`);
if (write) writeFileSync(path.join(repoRoot, 'docs', 'topology.md'), topologyMarkdown(models));

/** dev, staging, prod: the order changes travel; any other cluster after them, by name. */
function order(environment: string): number {
  const index = ['dev', 'staging', 'prod'].indexOf(environment);
  return index < 0 ? 3 : index;
}
