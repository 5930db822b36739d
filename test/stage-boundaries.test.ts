import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folders under scripts/ and what each may import (docs/architecture.md). A stage is
 * imported through its index.ts only; core and launch are libraries of small files anyone may
 * import directly. Tools (bench, fidelity, control-plane, tools) may read stage internals to
 * measure them; no stage imports a tool.
 */
const mayImport: Record<string, readonly string[]> = {
  launch: [],
  core: ['launch'],
  load: ['core'],
  render: ['core', 'launch', 'load'],
  schemas: ['core'],
  validate: ['core', 'schemas'],
  argocd: ['core', 'load', 'render', 'validate'],
  check: ['core', 'load', 'render', 'validate', 'argocd'],
  locate: ['core', 'load', 'render'],
  report: ['core'],
  cluster: ['core', 'load', 'render', 'validate', 'argocd'],
  pipeline: ['core', 'launch', 'load', 'render', 'validate', 'argocd', 'check', 'locate', 'report', 'cluster'],
  cli: ['core', 'launch', 'render', 'check', 'report', 'pipeline', 'cluster'],
  drift: ['core', 'render', 'argocd', 'check', 'pipeline', 'cluster'],
};
const tools = new Set(['bench', 'fidelity', 'control-plane', 'tools']);
const libraries = new Set(['core', 'launch']);

const scriptsDir = path.resolve(import.meta.dirname, '..', 'scripts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.mts') ? [full] : [];
  });
}

/** Relative module specifiers of every import and re-export in a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);
}

function folderOf(absolute: string): string | undefined {
  const relative = path.relative(scriptsDir, absolute);
  const [first, ...rest] = relative.split(path.sep);
  return rest.length === 0 ? undefined : first;
}

/** The imports of a file that cross a boundary the wrong way, or past a stage's index.ts. */
function crossingsOf(file: string, specifiers: readonly string[]): string[] {
  const from = folderOf(file);
  if (from === undefined || tools.has(from)) return [];
  const crossings: string[] = [];
  for (const specifier of specifiers) {
    const target = path.resolve(path.dirname(file), specifier);
    const to = folderOf(target);
    if (to === undefined || to === from) continue;
    const shown = `${path.relative(scriptsDir, file)} → ${specifier}`;
    if (!(mayImport[from] ?? []).includes(to)) crossings.push(`${shown}: ${from} may not import ${to}`);
    else if (!libraries.has(to) && path.relative(path.join(scriptsDir, to), target) !== 'index.ts') crossings.push(`${shown}: import ${to}/index.ts`);
  }
  return crossings;
}

describe('stage boundaries', () => {
  const files = sourceFiles(scriptsDir);

  it('knows every folder under scripts/', () => {
    const folders = new Set(files.map(folderOf).filter((folder) => folder !== undefined));
    expect([...folders].filter((folder) => !(folder in mayImport) && !tools.has(folder)).sort()).toEqual([]);
  });

  it('imports only from the stages before it, through their index.ts', () => {
    expect(files.flatMap((file) => crossingsOf(file, importsOf(file)))).toEqual([]);
  });

  it('catches a crossing the wrong way and a deep import', () => {
    const loadFile = path.join(scriptsDir, 'load', 'example.ts');
    expect(crossingsOf(loadFile, ['../core/pointer.ts'])).toEqual([]);
    expect(crossingsOf(loadFile, ['../check/index.ts'])).toEqual(['load/example.ts → ../check/index.ts: load may not import check']);
    expect(crossingsOf(path.join(scriptsDir, 'check', 'rules', 'x.ts'), ['../../validate/finding.ts'])).toEqual([
      'check/rules/x.ts → ../../validate/finding.ts: import validate/index.ts',
    ]);
    expect(importsOf(path.join(scriptsDir, 'pipeline', 'index.ts'))).toEqual(['./run-validation.ts', './model-repository.ts', './environment-model.ts']);
  });
});
