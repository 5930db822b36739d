import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runValidation, type ValidationOptions } from '../scripts/pipeline/run-validation.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixtures = 'test/fixtures/validate';
const execFileAsync = promisify(execFile);

const baseOptions: ValidationOptions = {
  paths: [],
  cwd: repoRoot,
  ignoreMissingSchemas: false,
  inlineExemptions: true,
  cache: false,
  parser: 'fast',
};

/** JSON has no comments: its expectations are written here. */
const jsonExpectations: Record<string, Array<{ ruleId: string; line: number; fragment: string }>> = {
  [`${fixtures}/input.json`]: [{ ruleId: 'schema', line: 7, fragment: 'unknown field "selectr" (did you mean "selector"?)' }],
};

/** `# expect: <ruleId> <message fragment>` on the line the finding must be located at. */
function expectedFindings(file: string): Array<{ ruleId: string; line: number; fragment: string }> {
  const written = jsonExpectations[file];
  if (written !== undefined) return written;
  return readFileSync(path.join(repoRoot, file), 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const marker = /# expect: (\S+) (.*)$/.exec(text);
      return marker ? [{ ruleId: marker[1]!, line: index + 1, fragment: marker[2]!.trim() }] : [];
    });
}

const files = readdirSync(path.join(repoRoot, fixtures)).sort().map((name) => `${fixtures}/${name}`);

describe('plain inputs: schema and YAML findings with their locations', () => {
  it.each(files)('%s', async (file) => {
    const result = await runValidation({ ...baseOptions, paths: [file] });
    const found = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'schema' || diagnostic.ruleId === 'yaml');
    const expected = expectedFindings(file);
    expect(found.map((diagnostic) => `${diagnostic.ruleId}@${diagnostic.line}`)).toEqual(
      expected.map((finding) => `${finding.ruleId}@${finding.line}`),
    );
    found.forEach((diagnostic, index) => {
      expect(diagnostic.message).toContain(expected[index]!.fragment);
      expect(diagnostic.file).toBe(file);
    });
  });

  it.each([
    ['blank.yaml', 0],
    ['comments-only.yaml', 0],
    ['list.yaml', 2],
    ['input.json', 1],
    ['missing-name.yaml', 1],
  ])('%s yields %i resources', async (name, resources) => {
    const result = await runValidation({ ...baseOptions, paths: [`${fixtures}/${name}`] });
    expect(result.summary.resources).toBe(resources);
  });

  it('reports a list item inside the list, with the pointer inside the item', async () => {
    const result = await runValidation({ ...baseOptions, paths: [`${fixtures}/list.yaml`] });
    const finding = result.diagnostics.find((diagnostic) => diagnostic.ruleId === 'schema');
    expect(finding).toMatchObject({ pointer: '/data/b', object: { kind: 'ConfigMap', name: 'second' }, line: 13, column: 13 });
  });

  it('turns a missing CRD schema into a warning with --ignore-missing-schemas, never a silent skip', async () => {
    const result = await runValidation({ ...baseOptions, paths: [`${fixtures}/custom-resources.yaml`], ignoreMissingSchemas: true });
    const widget = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'schema');
    expect(widget).toHaveLength(1);
    expect(widget[0]).toMatchObject({ severity: 'warning', line: 21, object: { kind: 'Widget' } });
    expect(widget[0]!.message).toMatch(/not validated/);
  });

  it('never skips a misspelled built-in kind, even with --ignore-missing-schemas', async () => {
    const result = await runValidation({ ...baseOptions, paths: [`${fixtures}/misspelled-kind.yaml`], ignoreMissingSchemas: true });
    expect(result.diagnostics.find((diagnostic) => diagnostic.ruleId === 'schema')).toMatchObject({ severity: 'error', pointer: '/kind' });
  });

  it('validates plain files against the Kubernetes version asked for', async () => {
    const [newest, oldest] = await Promise.all(
      ['1.36', '1.33'].map((kubernetesVersion) =>
        runValidation({ ...baseOptions, paths: [`${fixtures}/removed-api-version.yaml`], kubernetesVersion }),
      ),
    );
    expect(newest!.diagnostics.find((d) => d.ruleId === 'schema')!.message).toMatch(/Kubernetes 1\.36/);
    expect(oldest!.diagnostics.find((d) => d.ruleId === 'schema')!.message).toMatch(/Kubernetes 1\.33/);
  });
});

describe('the command', () => {
  const cli = (args: string[]) =>
    execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', ...args], { cwd: repoRoot }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('exits 0 on a clean target, 1 on findings with exactly one JSON object, 2 on a usage error', async () => {
    const [clean, findings, usage, missing] = await Promise.all([
      cli(['overlays/dev/llm', '--format', 'json']),
      cli([`${fixtures}/bad-quantity.yaml`, '--format', 'json']),
      cli(['--format', 'xml']),
      cli(['no/such/file.yaml']),
    ]);
    expect(clean.code).toBe(0);
    expect((JSON.parse(clean.stdout) as { summary: object }).summary).toMatchObject({ targets: 1, errors: 0 });
    expect(findings.code).toBe(1);
    const report = JSON.parse(findings.stdout) as { summary: object; diagnostics: object[] };
    expect(Object.keys(report)).toEqual(['summary', 'diagnostics']);
    expect(Object.keys(report.diagnostics[0]!)).toEqual(['ruleId', 'severity', 'message', 'target', 'object', 'pointer', 'file', 'line', 'column']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown format "xml"/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory: no\/such\/file\.yaml/);
    expect(`${usage.stderr}${missing.stderr}`).not.toMatch(/\n\s+at /);
  });
});
