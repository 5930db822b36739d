// The report formats as CI servers read them: SARIF against the published 2.1.0 schema, JUnit
// against the Jenkins junit-4 XSD, both from the shipped command (`node scripts/validate.mjs`) on
// the repo and on a corpus with findings; and the command's repeatable --format NAME[=FILE].

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/bench/corpus.ts';
import { pipelineRuleIds } from '../scripts/core/finding.ts';
import { rulesDocUrl } from '../scripts/report/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
/** The schema CI servers use, from the shared formats folder beside the repository (not a copy). */
const junitXsdFile = path.resolve(repoRoot, '..', 'shared', 'formats', 'junit-4.xsd');
const sarifSchemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

/** Fixtures with findings of every stage: schema, YAML, rules, a failing kustomize patch. */
const findingFixtures = ['test/fixtures/validate', 'test/fixtures/secrets-in-output/manifests.yaml', 'test/fixtures/secrets-in-output/patch-fails'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let scratch: string;
let cacheDir: string;
let corpus: string;

function run(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  // Whatever npm the tests themselves run under (`npm run -s test`), the child npm uses its defaults.
  const { npm_config_loglevel: _loglevel, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...inherited, VALIDATE_CACHE_DIR: cacheDir, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The shipped command, as `npm run validate` starts it. */
function validate(args: readonly string[]): Promise<Run> {
  return run(process.execPath, ['scripts/validate.mjs', ...args]);
}

/** All four formats of one run: stylish on stdout, the others in files under `dir`. */
async function validateToFiles(dir: string, args: readonly string[]) {
  const file = (name: string): string => path.join(dir, name);
  const result = await validate([
    ...args,
    '--format', 'stylish',
    '--format', `sarif=${file('out.sarif')}`,
    '--format', `junit=${file('out.xml')}`,
    '--format', `json=${file('out.json')}`,
  ]);
  return {
    ...result,
    sarif: JSON.parse(await readFile(file('out.sarif'), 'utf8')) as SarifLog,
    junit: await readFile(file('out.xml'), 'utf8'),
    jsonText: await readFile(file('out.json'), 'utf8'),
    json: JSON.parse(await readFile(file('out.json'), 'utf8')) as JsonReport,
  };
}

type Outputs = Awaited<ReturnType<typeof validateToFiles>>;

interface JsonReport {
  summary: { targets: number; resources: number; errors: number; warnings: number; exemptions: number };
  diagnostics: { ruleId: string; severity: string; message: string; file: string; line: number; column: number }[];
  error?: { message: string };
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string; markdown?: string };
  helpUri?: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  runs: { tool: { driver: { rules: SarifRule[] } }; results: SarifResult[] }[];
}

/**
 * The SARIF 2.1.0 (rtm.5) schema is written for JSON Schema draft-04, which Ajv 8 does not
 * implement. The only draft-04 keyword in it is the root `id`, and it uses none of the keywords
 * whose meaning changed after draft-04 (the boolean `exclusiveMinimum`/`exclusiveMaximum`), so
 * with `$id` for `id` draft-07 reads it exactly as draft-04 does; the walk below keeps that true.
 * Its language-tag pattern has a bare `]`, valid in ECMA-262 regular expressions (as JSON Schema
 * patterns are) but not with the `u` flag, so patterns are compiled without it. Formats (uri,
 * uri-reference, date-time) are checked: a relative helpUri is what the schema must reject.
 */
async function sarifValidator(): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(sarifSchemaFile, 'utf8')) as Record<string, unknown>;
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const changedSinceDraft04: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${at}/${index}`));
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') changedSinceDraft04.push(`${at}/${key}`);
      walk(value, `${at}/${key}`);
    }
  };
  walk(schema, '');
  expect(changedSinceDraft04).toEqual([]);
  const { $schema: _draft04, id, ...rest } = schema;
  expect(id).toEqual(expect.stringMatching(/^https:/));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  (addFormatsPlugin as unknown as (instance: Ajv) => Ajv)(ajv);
  return ajv.compile({ $id: String(id), ...rest });
}

async function junitErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'report.xml', contents: xml },
    schema: { fileName: 'junit-4.xsd', contents: await readFile(junitXsdFile, 'utf8') },
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

/** `## id` sections of docs/rules.md: the first paragraph of each (the rule's description). */
async function documentedRules(): Promise<Map<string, string>> {
  const doc = await readFile(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
  return new Map([...doc.matchAll(/^## ([a-z0-9-]+)\n\n(.+)\n/gm)].map((match) => [match[1]!, match[2]!]));
}

let sarifSchema: ValidateFunction;
let repo: Outputs;
let findings: Outputs;
let findingsAgain: Outputs;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'report-formats-'));
  cacheDir = path.join(scratch, 'cache');
  corpus = path.join(scratch, 'corpus');
  // 30 of 300 documents with one defect each: unknown fields, bad quantities, duplicate
  // containers, missing names, latest images.
  await writeCorpus(corpus, { resources: 300, seed: 7, invalidRatio: 0.1 });
  for (const dir of ['repo', 'findings', 'findings-again']) await mkdir(path.join(scratch, dir));
  sarifSchema = await sarifValidator();
  repo = await validateToFiles(path.join(scratch, 'repo'), []);
  // Cold, then from the caches the first run wrote: the same findings either way.
  findings = await validateToFiles(path.join(scratch, 'findings'), [corpus, ...findingFixtures]);
  findingsAgain = await validateToFiles(path.join(scratch, 'findings-again'), [corpus, ...findingFixtures]);
}, 180_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the runs these tests read', () => {
  it('validate the repo (test/validate-repo.test.ts says it is clean) and find errors of every stage in the corpus and fixtures', () => {
    expect(repo.code).toBe(repo.json.summary.errors > 0 ? 1 : 0);
    expect(repo.json.summary.resources).toBeGreaterThan(100);
    // JUnit lists every validated resource, so the repo's report is not empty.
    expect((repo.junit.match(/<testcase /g) ?? []).length).toBe(repo.json.summary.resources);
    expect(findings.code).toBe(1);
    const rules = new Set(findings.json.diagnostics.map((diagnostic) => diagnostic.ruleId));
    for (const ruleId of ['schema', 'yaml', 'render', 'image-pinned', 'container-resources', 'pod-security']) expect(rules).toContain(ruleId);
    // At least the 30 injected corpus defects (the bench counts them exactly), and what the fixtures hold.
    expect(findings.json.diagnostics.filter((diagnostic) => diagnostic.file.startsWith(corpus)).length).toBeGreaterThanOrEqual(30);
  });
});

describe('SARIF', () => {
  it('is valid against the SARIF 2.1.0 schema, for the repo and for a corpus with findings', () => {
    for (const outputs of [repo, findings]) {
      const valid = sarifSchema(outputs.sarif);
      expect(sarifSchema.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the schema does reject what the issue found: a relative helpUri', () => {
    const log = structuredClone(findings.sarif);
    log.runs[0]!.tool.driver.rules[0]!.helpUri = 'docs/rules.md#gpu-only-on-llm';
    expect(sarifSchema(log)).toBe(false);
    expect(sarifSchema.errors).toContainEqual(expect.objectContaining({ instancePath: '/runs/0/tool/driver/rules/0/helpUri', keyword: 'format' }));
  });

  it('gives every finding a result with its rule and its region, as the JSON report has it', () => {
    const { results, tool } = findings.sarif.runs[0]!;
    expect(results).toHaveLength(findings.json.diagnostics.length);
    results.forEach((result, index) => {
      const diagnostic = findings.json.diagnostics[index]!;
      expect(result.ruleId).toBe(diagnostic.ruleId);
      expect(tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.message.text).toBe(diagnostic.message);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(region).toEqual({ startLine: diagnostic.line, startColumn: diagnostic.column });
      const file = artifactLocation.uri.startsWith('file:') ? new URL(artifactLocation.uri).pathname : decodeURIComponent(artifactLocation.uri);
      expect(file).toBe(diagnostic.file);
    });
  });

  it('has partialFingerprints stable across runs and different for different findings', () => {
    const fingerprints = (log: SarifLog): string[] => log.runs[0]!.results.map((result) => result.partialFingerprints['gitopsFinding/v1']!);
    const first = fingerprints(findings.sarif);
    expect(first.every((value) => /^[0-9a-f]{64}$/.test(value))).toBe(true);
    expect(fingerprints(findingsAgain.sarif)).toEqual(first);
    // Different findings, different alerts: also two of one rule on one field (no CPU and no memory request).
    const findingKeys = findings.json.diagnostics.map((diagnostic) => JSON.stringify(diagnostic));
    expect(new Set(findingKeys).size).toBe(findingKeys.length);
    expect(new Set(first).size).toBe(first.length);
  });

  it('describes each rule: short description and help from docs/rules.md, the absolute helpUri of its section', async () => {
    const documented = await documentedRules();
    expect(documented.size).toBeGreaterThan(20);
    for (const outputs of [repo, findings]) {
      const { rules } = outputs.sarif.runs[0]!.tool.driver;
      for (const [id, description] of documented) {
        const rule = rules.find((candidate) => candidate.id === id);
        expect(rule, id).toBeDefined();
        expect(rule!.shortDescription.text).toBe(description);
        expect(rule!.help.text.startsWith(`${description}\n\n`)).toBe(true);
      }
      // Every registered rule links its section (test/rules.test.ts keeps docs/rules.md in step with
      // the registry); the pipeline's own findings (core/finding.ts) have no section: described, no helpUri.
      for (const rule of rules) {
        expect(rule.shortDescription.text, rule.id).not.toBe('');
        if ((pipelineRuleIds as readonly string[]).includes(rule.id)) {
          expect(rule.helpUri).toBeUndefined();
        } else {
          expect(rule.helpUri).toBe(`${rulesDocUrl}#${rule.id}`);
          expect(new URL(rule.helpUri!).protocol).toBe('https:');
          expect(rule.help.text).toContain(rule.helpUri);
        }
      }
    }
    // The hosted repository is the one the Argo CD Applications deploy from.
    const application = await readFile(path.join(repoRoot, 'clusters', 'prod', 'root-application.yaml'), 'utf8');
    const repoUrls = new Set([...application.matchAll(/repoURL: (\S+)/g)].map((match) => match[1]!.replace(/\.git$/, '')));
    expect(repoUrls.size).toBe(1);
    for (const url of repoUrls) expect(rulesDocUrl.startsWith(`${url}/blob/main/`)).toBe(true);
  });
});

describe('JUnit', () => {
  it('is valid against the junit-4 XSD, for the repo and for a corpus with findings', async () => {
    expect(await junitErrors(repo.junit)).toEqual([]);
    expect(await junitErrors(findings.junit)).toEqual([]);
  });

  it('the XSD does reject an attribute outside it (a testcase file)', async () => {
    const withFile = repo.junit.replace('<testcase name=', '<testcase file="a.yaml" name=');
    expect(await junitErrors(withFile)).toContainEqual(expect.stringContaining("attribute 'file': The attribute 'file' is not allowed"));
  });

  it('puts the file, line and column of every finding in the failure text', () => {
    const located = [...findings.junit.matchAll(/^(?:\s*<(?:failure|system-out)[^>]*>)?(\S+?):(\d+):(\d+): (error|warning) \[([^\]]+)\]/gm)].map(
      (match) => `${match[5]} ${match[1]}:${match[2]}:${match[3]}`,
    );
    const expected = findings.json.diagnostics.map((diagnostic) => `${diagnostic.ruleId} ${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`);
    expect(located.sort()).toEqual(expected.sort());
    // And every validated resource where it is declared: a file a person edits, never the render cache.
    const declared = [...repo.junit.matchAll(/<testcase [^>]*>\n\s*<system-out>(\S+?):(\d+):(\d+): declared here/g)];
    expect(declared).toHaveLength(repo.json.summary.resources);
    expect(declared.filter(([, file]) => file!.startsWith('.cache') || path.isAbsolute(file!))).toEqual([]);
    const failingCases = (findings.junit.match(/<failure /g) ?? []).length;
    expect(findings.junit).toContain(`failures="${failingCases}"`);
  });
});

describe('--format NAME=FILE', () => {
  it('writes every format from one run, with only stylish on stdout', async () => {
    for (const outputs of [repo, findings]) {
      expect(outputs.stdout).not.toMatch(/^\s*[{<]/);
      expect(outputs.stdout).not.toContain('"diagnostics"');
      expect(outputs.stdout).not.toContain('<testsuites');
    }
    // stylish's summary line, clean or not.
    expect(repo.stdout).toMatch(/(?:^✔ No problems: |✖ \d+ problems? \([^)]*\)\n {2})\d+ targets, \d+ resources validated/);
    expect(findings.stdout).toMatch(/✖ \d+ problems \(\d+ errors?, \d+ warnings?\)\n/);
    // The files hold what the format prints on stdout alone.
    const alone = await validate([corpus, ...findingFixtures, '--format', 'json']);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toBe(findings.jsonText);
  });

  it('refuses two formats on stdout (exit 2), with a message naming them', async () => {
    const result = await validate(['--format', 'stylish', '--format', 'sarif']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^validate: more than one format on stdout \(stylish, sarif\): give all but one a file, as in --format sarif=FILE\n/);
  });

  it('refuses a FILE whose directory does not exist (exit 2), and writes nothing', async () => {
    const missing = path.join(scratch, 'no-such-dir', 'out.sarif');
    const result = await validate(['--format', `sarif=${missing}`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--format sarif=${missing}: the directory ${path.dirname(missing)} does not exist`);
    await expect(readFile(missing)).rejects.toThrow();
  });

  it('refuses a FILE that is a directory (exit 2)', async () => {
    const result = await validate(['--format', 'json', '--format', `sarif=${scratch}`, 'test/fixtures/validate/wrong-type.yaml']);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stdout) as JsonReport).error).toEqual({ message: `--format sarif=${scratch}: ${scratch} is a directory; name the file to write` });
  });

  it.runIf(process.platform === 'linux')('writes the files before stdout: a file it cannot write leaves stdout with the error object alone', async () => {
    const result = await validate(['test/fixtures/validate/wrong-type.yaml', '--format', 'json', '--format', 'sarif=/proc/version']);
    expect(result.code).toBe(2);
    const printed = JSON.parse(result.stdout) as JsonReport;
    expect(printed.diagnostics).toEqual([]);
    expect(printed.error!.message).toMatch(/^cannot write --format sarif=\/proc\/version: E[A-Z]+$/);
  });

  it('on a usage error prints the JSON error object on stdout for --format json, and writes it to json=FILE', async () => {
    const file = path.join(scratch, 'error.json');
    const result = await validate(['--format', 'json', '--format', 'sarif', '--format', `json=${file}`]);
    expect(result.code).toBe(2);
    const printed = JSON.parse(result.stdout) as JsonReport;
    expect(printed).toEqual({
      summary: { targets: 0, resources: 0, errors: 0, warnings: 0, exemptions: 0 },
      diagnostics: [],
      error: { message: 'more than one format on stdout (json, sarif): give all but one a file, as in --format sarif=FILE' },
    });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(printed);
    expect(result.stderr).toBe(`validate: ${printed.error!.message}\nRun with --help for usage.\n`);
  });

  it('writes the JSON error object to json=FILE alone when stdout has stylish', async () => {
    const file = path.join(scratch, 'version-error.json');
    const result = await validate(['--kubernetes-version', '9.9', '--format', 'stylish', '--format', `json=${file}`, 'test/fixtures/validate/valid.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const written = JSON.parse(await readFile(file, 'utf8')) as JsonReport;
    expect(written.diagnostics).toEqual([]);
    expect(written.error!.message).toMatch(/^unknown Kubernetes version 9\.9/);
    expect(result.stderr).toContain(written.error!.message);
  });
});

describe('npm run', () => {
  it('prints its banner before `npm run validate -- --format json`; `npm run -s` and json=FILE give parseable JSON', async () => {
    const args = ['test/fixtures/validate/wrong-type.yaml', '--format', 'json'];
    const banner = await run('npm', ['run', 'validate', '--', ...args]);
    expect(banner.code).toBe(1);
    expect(banner.stdout).toMatch(/^\n> [^\n]+ validate\n> node (--[^ \n]+ )*scripts\/validate\.mjs /);
    expect(() => JSON.parse(banner.stdout) as unknown).toThrow();

    const silent = await run('npm', ['run', '-s', 'validate', '--', ...args]);
    expect(silent.code).toBe(1);
    const report = JSON.parse(silent.stdout) as JsonReport;
    expect(report.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('schema');

    const file = path.join(scratch, 'npm.json');
    const toFile = await run('npm', ['run', 'validate', '--', 'test/fixtures/validate/wrong-type.yaml', '--format', 'stylish', '--format', `json=${file}`]);
    expect(toFile.code).toBe(1);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(report);
  });
});
