import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../scripts/bench/random.ts';
import { runValidation } from '../scripts/pipeline/run-validation.ts';
import { InputError } from '../scripts/pipeline/inputs.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

const mutations: Array<(text: string, random: () => number) => string> = [
  (text, random) => text.slice(0, Math.floor(random() * text.length)),
  (text, random) => {
    const lines = text.split('\n');
    lines.splice(Math.floor(random() * lines.length), 1);
    return lines.join('\n');
  },
  (text, random) => {
    const lines = text.split('\n');
    const index = Math.floor(random() * lines.length);
    lines.splice(index, 0, lines[index] ?? '');
    return lines.join('\n');
  },
  (text, random) => {
    const at = Math.floor(random() * text.length);
    const junk = [': [', '{', '&a', '*a', '\t', '- ', '"', '---\n', '!!binary', 'null', '<<: *x', '\u0000', '%YAML 1.1\n', '\u0085', '\u2028', '\r', '\uFEFF', '"__proto__": {a: 1}\n'];
    return text.slice(0, at) + junk[Math.floor(random() * junk.length)] + text.slice(at);
  },
  (text, random) => {
    const lines = text.split('\n');
    const index = Math.floor(random() * lines.length);
    lines[index] = (random() < 0.5 ? ' ' : '') + (lines[index] ?? '').replace(/^ {2}/, '');
    return lines.join('\n');
  },
  (text, random) => text.replace(/: (\S+)/g, (match, value: string) => (random() < 0.2 ? `: ${value}${value}` : match)),
];

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

describe('garbage in never crashes the validator', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'garbage-in-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('ends every run on a mutated or truncated manifest with diagnostics or a usage error', async () => {
    const sources = (await yamlFilesUnder(path.join(repoRoot, 'base'))).filter((file) => !file.endsWith('kustomization.yaml'));
    expect(sources.length).toBeGreaterThan(5);
    // Seeded, so a failing case can be reproduced from its number.
    const random = seededRandom(20261122).next;
    const files: string[] = [];
    for (let index = 0; index < 300; index++) {
      const source = sources[index % sources.length]!;
      let text = await readFile(source, 'utf8');
      const rounds = 1 + Math.floor(random() * 3);
      for (let round = 0; round < rounds; round++) text = mutations[Math.floor(random() * mutations.length)]!(text, random);
      const file = path.join(workDir, `case-${String(index).padStart(3, '0')}.yaml`);
      await writeFile(file, text);
      files.push(file);
    }
    const outcomes = { clean: 0, findings: 0 };
    for (const file of files) {
      const result = await runValidation({
        paths: [file],
        cwd: repoRoot,
        ignoreMissingSchemas: false,
        inlineExemptions: true,
        cache: false,
        parser: 'fast',
      }).catch((error: unknown) => error);
      if (result instanceof InputError) continue;
      expect(result, `${path.basename(file)}: ${(result as Error).stack ?? String(result)}`).not.toBeInstanceOf(Error);
      const { diagnostics } = result as Awaited<ReturnType<typeof runValidation>>;
      for (const diagnostic of diagnostics) {
        expect(diagnostic.line).toBeGreaterThanOrEqual(1);
        expect(diagnostic.column).toBeGreaterThanOrEqual(1);
        expect(typeof diagnostic.message).toBe('string');
      }
      if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) outcomes.findings++;
      else outcomes.clean++;
    }
    // Most mutations break something; every run still ended in data.
    expect(outcomes.findings).toBeGreaterThan(100);
  });

  it('reports a broken kustomize overlay as a render finding, not an exception', async () => {
    const copy = path.join(workDir, 'repo');
    await cp(path.join(repoRoot, 'base'), path.join(copy, 'base'), { recursive: true });
    await cp(path.join(repoRoot, 'overlays', 'dev'), path.join(copy, 'overlays', 'dev'), { recursive: true });
    const random = seededRandom(7).next;
    const kustomizations = (await yamlFilesUnder(copy)).filter((file) => file.endsWith('kustomization.yaml'));
    for (const file of kustomizations.slice(0, 6)) {
      const text = await readFile(file, 'utf8');
      await writeFile(file, mutations[Math.floor(random() * 3)]!(text, random));
    }
    const result = await runValidation({
      paths: [path.join(copy, 'overlays', 'dev')],
      cwd: copy,
      configFile: path.join(repoRoot, 'validate.config.yaml'),
      ignoreMissingSchemas: false,
      inlineExemptions: true,
      cache: false,
      parser: 'fast',
    });
    expect(result.summary.targets).toBeGreaterThan(0);
    expect(result.diagnostics.every((diagnostic) => diagnostic.line >= 1)).toBe(true);
  });
});
