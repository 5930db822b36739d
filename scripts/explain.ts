import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { modelCluster, plainKustomizeRenderer } from './argocd/index.ts';
import { explainText, topologyMarkdown } from './argocd/explain.ts';

const args = process.argv.slice(2);
const write = args.includes('--write');
const repoRoot = path.join(import.meta.dirname, '..');
const all = ['dev', 'staging', 'prod'];
const chosen = args.filter((arg) => !arg.startsWith('--'));
const render = await plainKustomizeRenderer(repoRoot);
const models = [];
for (const environment of write ? all : chosen.length > 0 ? chosen : all) models.push(await modelCluster({ repoRoot, environment, render }));
for (const model of models) process.stdout.write(`${explainText(model)}\n`);
if (write) writeFileSync(path.join(repoRoot, 'docs', 'topology.md'), topologyMarkdown(models));
