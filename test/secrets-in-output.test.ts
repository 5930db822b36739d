import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleRegistry } from '../scripts/check/index.ts';
import { redactUrlCredentials } from '../scripts/core/url-credentials.ts';
import { runValidation, type ValidationResult } from '../scripts/pipeline/run-validation.ts';
import { kustomizeErrorText, kustomizeMessageLine } from '../scripts/render/kustomize-message.ts';
import { formatNames, formatReport, type FormatName } from '../scripts/report/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixtures = 'test/fixtures/secrets-in-output';
const inputs = ['manifests.yaml', 'patch-fails', 'patch-file-fails', 'generator-fails', 'literal-fails'].map(
  (input) => `${fixtures}/${input}`,
);

/** Every secret the fixtures hold, and the pieces a careless cut would leave (half a password). */
const secrets = [
  ...Array.from({ length: 15 }, (_, index) => `SECRET-${index + 1}`),
  'SECRET7',
  'hunter2',
  's3cr',
  '86753091',
  '24681357',
  '13579246',
  '1234567',
  '342391',
  '97531864',
  '55555555',
];

/** The secrets an output holds (`SECRET-1` is not found inside `SECRET-13`). */
function leaked(output: string): string[] {
  return secrets.filter((secret) => new RegExp(`${secret.replace(/[-]/g, '\\-')}(?![0-9])`).test(output));
}

/** The findings that carry those values, where a person fixes them: `ruleId file:line`. */
const expected = [
  'schema manifests.yaml:8',
  'schema manifests.yaml:14',
  'schema manifests.yaml:20',
  'schema manifests.yaml:27',
  'schema manifests.yaml:28',
  'schema manifests.yaml:31',
  'schema manifests.yaml:38',
  'no-credential-literals manifests.yaml:39',
  'schema manifests.yaml:52',
  'no-credential-literals manifests.yaml:72',
  'schema manifests.yaml:75',
  'no-credential-literals manifests.yaml:78',
  'no-credential-literals manifests.yaml:80',
  'schema manifests.yaml:82',
  'schema manifests.yaml:84',
  'schema manifests.yaml:92',
  'schema manifests.yaml:102',
  'render patch-fails/kustomization.yaml:5',
  'render patch-file-fails/kustomization.yaml:1',
  'render generator-fails/kustomization.yaml:4',
  'render literal-fails/kustomization.yaml:4',
].map((finding) => finding.replace(' ', ` ${fixtures}/`));

/** `ruleId file:line` of every finding in one format's output, read the way that format writes it. */
function findingsIn(format: FormatName, output: string): string[] {
  switch (format) {
    case 'json':
      return (JSON.parse(output) as { diagnostics: { ruleId: string; file: string; line: number }[] }).diagnostics.map(
        (diagnostic) => `${diagnostic.ruleId} ${diagnostic.file}:${diagnostic.line}`,
      );
    case 'sarif': {
      type Result = { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] };
      const log = JSON.parse(output) as { runs: { results: Result[] }[] };
      return log.runs[0]!.results.map((result) => {
        const location = result.locations[0]!.physicalLocation;
        return `${result.ruleId} ${location.artifactLocation.uri}:${location.region.startLine}`;
      });
    }
    case 'github':
      return [...output.matchAll(/^::(?:error|warning) file=([^,]+),line=(\d+),col=\d+,title=([^:]+)::/gm)].map(
        (match) => `${match[3]} ${match[1]}:${match[2]}`,
      );
    case 'junit':
      return [...output.matchAll(/^\s*(?:<(?:failure|system-out)[^>]*>)?(\S+):(\d+):\d+: (?:error|warning) \[([^\]]+)\]/gm)].map(
        (match) => `${match[3]} ${match[1]}:${match[2]}`,
      );
    case 'markdown':
      return [...output.matchAll(/^\| (?:error|warning) \| (\S+):(\d+) \| `([^`]+)` \|/gm)].map((match) => `${match[3]} ${match[1]}:${match[2]}`);
    case 'stylish': {
      const found: string[] = [];
      let file = '';
      for (const line of output.split('\n')) {
        if (/^\S/.test(line)) file = line;
        const row = /^ {2}\s*(\d+):\d+\s+(?:error|warning)\s.*\s(\S+)$/.exec(line);
        if (row) found.push(`${row[2]} ${file}:${row[1]}`);
      }
      return found;
    }
  }
}

describe.each(['fast', 'precise'] as const)('secrets stay secret in every output format (%s parser)', (parser) => {
  let result: ValidationResult;
  beforeAll(async () => {
    result = await runValidation({
      paths: inputs,
      cwd: repoRoot,
      ignoreMissingSchemas: false,
      inlineExemptions: true,
      cache: false,
      parser,
    });
  });

  it.each(formatNames)('%s names every finding at its line and prints no secret', (format) => {
    const output = formatReport(
      format,
      {
        diagnostics: result.diagnostics,
        summary: result.summary,
        resources: result.resources,
        rules: ruleRegistry.map((rule) => ({ id: rule.meta.id, description: rule.meta.description })),
        toolVersion: '0.0.0',
      },
      { color: false },
    );
    expect(leaked(output)).toEqual([]);
    const found = findingsIn(format, output);
    expect(found).toHaveLength(result.diagnostics.length);
    expect(found).toEqual(expect.arrayContaining(expected));
  });

  it('keeps what a person needs: the field, the masked URL, the failing kustomize step', () => {
    const message = (ruleId: string, file: string, line: number): string | undefined =>
      result.diagnostics.find((found) => found.ruleId === ruleId && found.file === `${fixtures}/${file}` && found.line === line)?.message;
    expect(message('schema', 'manifests.yaml', 14)).toBe('expected object, got a string');
    expect(message('schema', 'manifests.yaml', 84)).toBe('expected string, got an integer');
    expect(message('no-credential-literals', 'manifests.yaml', 39)).toContain('(postgres://app:***@)');
    expect(message('schema', 'manifests.yaml', 75)).toContain('got "https://deploy-bot:***@git.example.com"');
    expect(message('render', 'patch-fails/kustomization.yaml', 5)).toMatch(/unable to parse SM or JSON patch/);
    expect(message('render', 'patch-file-fails/kustomization.yaml', 1)).toMatch(/wrong node kind: expected SequenceNode but got ScalarNode$/);
    expect(message('render', 'generator-fails/kustomization.yaml', 4)).toMatch(/has invalid utf8 bytes$/);
    expect(message('render', 'literal-fails/kustomization.yaml', 4)).toMatch(/invalid literal source …, expected key=value/);
  });
});

describe('the command line', () => {
  it('prints no secret either, on stdout or stderr', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/validate.ts', ...inputs, '--no-cache', '--verbose', '--format', 'github'],
      { cwd: repoRoot, encoding: 'utf8' },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(run.code).toBe(1);
    expect(leaked(run.stdout + run.stderr)).toEqual([]);
    expect(findingsIn('github', run.stdout)).toEqual(expect.arrayContaining(expected));
  });

  it('prints no secret in the files --format NAME=FILE writes, one run for every format', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-in-output-'));
    try {
      const files = formatNames.filter((format) => format !== 'github').map((format) => [format, path.join(dir, `out.${format}`)] as const);
      const run = await promisify(execFile)(
        process.execPath,
        ['scripts/validate.mjs', ...inputs, '--no-cache', '--format', 'github', ...files.flatMap(([format, file]) => ['--format', `${format}=${file}`])],
        { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      ).then(
        () => ({ code: 0, stdout: '', stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(run.code).toBe(1);
      expect(leaked(run.stdout + run.stderr)).toEqual([]);
      expect(findingsIn('github', run.stdout)).toEqual(expect.arrayContaining(expected));
      for (const [format, file] of files) {
        const output = await readFile(file, 'utf8');
        expect(leaked(output), format).toEqual([]);
        expect(findingsIn(format, output), format).toEqual(expect.arrayContaining(expected));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('URL credentials', () => {
  it.each([
    ['postgres://app:s3cr:et@db:5432/x', 'postgres://app:***@db:5432/x'],
    ['got "postgres://app:p@ss@db/x"', 'got "postgres://app:***@db/x"'],
    ['redis://:hunter2@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['HTTPS://x-access-token:ghp_abc@github.com/o/r', 'HTTPS://x-access-token:***@github.com/o/r'],
    ['https://ghp_abc@github.com/o/r', 'https://***@github.com/o/r'],
    ['ssh://git@github.com/o/r', 'ssh://git@github.com/o/r'],
    ['http://host/path?mail=a@b', 'http://host/path?mail=a@b'],
  ])('%s is printed as %s', (text, redacted) => {
    expect(redactUrlCredentials(text)).toBe(redacted);
  });
});

/** How kubectl kustomize 5.5 prints an error; the cases below are its stderr for real failures that quote what they read. */
const klog = (error: string): string => `E1202 15:21:32.457661    9621 run.go:72] "command failed" err=${error}\n`;

describe("kustomize's message line", () => {
  const isPath = (quoted: string): boolean => quoted.endsWith('.yaml');
  it.each([
    [
      'an inline patch it cannot parse',
      klog('<\n\ttrouble configuring builtin PatchTransformer with config: `\n\tpatch: |-\n\t  env:\n\t    - name: DB_PASSWORD\n\t      value: SECRET-1\n\t`: unable to parse SM or JSON patch from [patch: "env:\\n  - name: DB_PASSWORD\\n    value: SECRET-1"]\n >'),
      'trouble configuring builtin PatchTransformer with config: `…`: unable to parse SM or JSON patch from […]',
    ],
    [
      'a patch that does not apply',
      klog('<\n\twrong node kind: expected SequenceNode but got ScalarNode: node contents:\n\t"SECRET-1"\n >'),
      'wrong node kind: expected SequenceNode but got ScalarNode',
    ],
    ['a patch strategy', klog(`"unknown patch strategy 'SECRET-1'"`), "unknown patch strategy '…'"],
    ['a JSON patch operation', klog('"Unexpected kind: SECRET-1"'), 'Unexpected kind: …'],
    [
      'an env file line',
      klog('"loading KV pairs: env source files: [e.env]: line [255 254 32 83] has invalid utf8 bytes : \\xff\\xfe SECRET-1"'),
      'loading KV pairs: env source files: […]: line […] has invalid utf8 bytes',
    ],
    [
      'a literal',
      klog('"loading KV pairs: literal sources [SECRET-1]: invalid literal source SECRET-1, expected key=value"'),
      'loading KV pairs: literal sources […]: invalid literal source …, expected key=value',
    ],
    [
      'an object without a name',
      klog(`"accumulating resources: accumulation err='accumulating resources from 'x.yaml': missing metadata.name in object {{v1 Secret} {{ } map[] map[token:SECRET-1]}}': must build at directory: '/repo/x.yaml': file is not directory"`),
      "accumulating resources: accumulation err='accumulating resources from 'x.yaml': missing metadata.name in object {…}': must build at directory: '/repo/x.yaml': file is not directory",
    ],
    ['a remote base', 'Error: accumulating resources from \'https://bot:SECRET-1@git.example.com/x.yaml\'', "accumulating resources from 'https://bot:***@git.example.com/x.yaml'"],
  ])('%s', (_name, stderr, line) => {
    expect(kustomizeMessageLine(kustomizeErrorText(stderr), isPath)).toBe(line);
  });
});
