import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectKustomizationInputs } from '../scripts/render/kustomization-inputs.ts';
import { readKustomizationText } from '../scripts/render/kustomization-reader.ts';
import { kustomizationReferences } from '../scripts/render/kustomization-references.ts';
import { remoteReference } from '../scripts/render/remote-reference.ts';
import type { RemoteBasePolicy } from '../scripts/render/remote-reference.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'kustomization-reader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** A repository in a fresh directory: `files` maps relative paths to contents. */
function repo(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(scratch, 'repo-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

function problemsOf(kustomization: string | Buffer, extra: Record<string, string> = {}, policy: RemoteBasePolicy = false) {
  const root = repo({ 'app/kustomization.yaml': kustomization, 'app/cm.yaml': configMap('cm'), ...extra });
  return collectKustomizationInputs(path.join(root, 'app'), { repoRoot: root, allowRemoteBases: policy }).problems.map(
    ({ line, column, message }) => ({ line, column, message }),
  );
}

/** The first problem, as `line:column message`. */
function firstProblem(kustomization: string | Buffer, extra: Record<string, string> = {}): string {
  const [problem] = problemsOf(kustomization, extra);
  return problem === undefined ? 'none' : `${problem.line}:${problem.column} ${problem.message}`;
}

describe('kustomization reader: refused text, located', () => {
  it.each([
    ['a NUL', 'resources:\n- cm.yaml # a\u0000b\n', '2:14', 'NUL'],
    ['a NEL before a URL', 'resources:\n- cm.yaml # x\u0085- https://example.com/x.yaml\n', '2:14', 'NEXT LINE'],
    ['a LINE SEPARATOR before a URL', 'resources:\n- cm.yaml # x\u2028- https://example.com/x.yaml\n', '2:14', 'LINE SEPARATOR'],
    ['a PARAGRAPH SEPARATOR before a URL', 'resources:\n- cm.yaml # x\u2029- https://example.com/x.yaml\n', '2:14', 'PARAGRAPH SEPARATOR'],
    ['a lone CR before a URL', 'resources:\n- cm.yaml # x\r- https://example.com/x.yaml\n', '2:14', 'carriage return'],
    ['a BOM after the start', 'resources:\n- cm.yaml\n# \uFEFF\n', '3:3', 'byte order mark'],
    ['a tab', 'resources:\n-\tcm.yaml\n', '2:2', 'tab'],
    ['a %YAML directive', '%YAML 1.1\n---\nresources:\n- cm.yaml\n', '1:1', 'directives'],
    ['a %TAG directive', '%TAG !e! tag:example.com,2000:\n---\nresources: [cm.yaml]\n', '1:1', 'directives'],
    ['a directive after a BOM', '\uFEFF%YAML 1.1\n---\nresources: [cm.yaml]\n', '1:1', 'directives'],
    ['a second document', 'resources:\n- cm.yaml\n---\nresources:\n- https://example.com/x.yaml\n', '3:1', 'one YAML document'],
    ['a duplicate resources key whose second value is a URL', 'resources:\n- cm.yaml\nresources:\n- https://example.com/x.yaml\n', '3:1', 'duplicate key "resources"'],
    ['a duplicate key in JSON', '{"resources": ["cm.yaml"], "resources": ["https://example.com/x.yaml"]}', '1:28', 'duplicate key "resources"'],
    ['a duplicate key deeper down', 'resources: [cm.yaml]\nimages:\n- name: a\n  newTag: "1"\n  newTag: "2"\n', '5:3', 'duplicate key "newTag"'],
    ['an anchor (at its node)', 'resources: &r [cm.yaml]\n', '1:15', 'anchors'],
    ['an alias', 'namespace: a\nnamePrefix: *n\nresources: [cm.yaml]\n', '2:13', 'aliases'],
    ['a merge key', '<<: {resources: [https://example.com/x.yaml]}\nnamespace: a\n', '1:1', 'merge keys'],
    ['a tag (at its node)', 'resources: !!seq [cm.yaml]\n', '1:18', 'tags'],
    ['a key differing in case', 'resources: [cm.yaml]\nResources: [https://example.com/x.yaml]\n', '2:1', 'must be spelled "resources"'],
    ['a key with a long s', 're\u017Fources: [https://example.com/x.yaml]\n', '1:1', 'must be spelled "resources"'],
    ['an unknown field', 'resource: [cm.yaml]\n', '1:1', 'unknown kustomization field "resource"'],
    ['an escape go-yaml does not know', 'resources: [".\\/cm.yaml"]\n', '1:13', 'escape \\/'],
    ['a surrogate escape', 'namespace: "\\ud800"\nresources: [cm.yaml]\n', '1:12', 'escape \\ud800'],
    ['a plain entry go-yaml reads as a boolean', 'resources:\n- cm.yaml\n- yes\n', '3:3', 'boolean'],
    ['a path in a block scalar', 'resources:\n- |-\n  cm.yaml\n', '2:3', 'one line'],
    ['a path over two lines', 'resources:\n- cm\n  .yaml\n', '2:3', 'one line'],
    ['a key go-yaml reads as a number', 'resources: [cm.yaml]\ncommonLabels:\n  1: a\n', '3:3', 'number'],
    ['an empty file', '', '1:1', 'empty'],
    ['a list that is a string', 'resources: cm.yaml\n', '1:12', 'must be a list'],
    ['a YAML syntax error', 'resources: [cm.yaml\n', '2:1', 'YAML'],
    ['flow collections nested deeper than a parser should go', `resources: ${'['.repeat(100_000)}\n`, '1:76', 'nested more than 64'],
    ['block collections nested on one line', `resources:\n${'- '.repeat(100_000)}x\n`, '2:1', 'on one line'],
    ['a line indented past 256 columns', `resources: [cm.yaml]\ncommonLabels:\n${' '.repeat(300)}a: b\n`, '3:1', 'indented more than 256'],
  ])('%s', (_name, kustomization, at, message) => {
    const found = firstProblem(kustomization);
    expect(found.startsWith(`${at} `), found).toBe(true);
    expect(found).toContain(message);
  });

  it('refuses invalid UTF-8 at its byte', () => {
    const text = Buffer.concat([Buffer.from('resources:\n- cm.yaml # '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    expect(firstProblem(text)).toMatch(/^2:13 invalid UTF-8/);
  });

  it('accepts CRLF line breaks, a BOM at the start and JSON', () => {
    expect(problemsOf('resources:\r\n- cm.yaml\r\n')).toEqual([]);
    expect(problemsOf('\uFEFFresources:\n- cm.yaml\n')).toEqual([]);
    expect(problemsOf('{"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": ["cm.yaml"]}')).toEqual([]);
  });

  it('never expands aliases: an alias bomb is refused at once', () => {
    const levels = Array.from({ length: 10 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
    const bomb = `commonLabels:\n  l0: &l0 x\n${levels.map((line) => `  ${line}`).join('\n')}\nresources: [cm.yaml]\n`;
    const started = performance.now();
    expect(firstProblem(bomb)).toContain('aliases');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('kustomization reader: references', () => {
  it('reads every field that names a file or directory, at its line and column', () => {
    const text = [
      'resources:', '- cm.yaml', 'bases: [base]', 'components:', '- comp', 'crds: [crd.yaml]', 'configurations: [config.yaml]',
      'patches:', '- path: patch.yaml', '  target: {kind: ConfigMap}', 'patchesJson6902:', '- path: json.yaml',
      '  target: {kind: ConfigMap, name: cm, version: v1}', 'patchesStrategicMerge:', '- smp.yaml',
      '- |-', '  apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: cm}', 'replacements:', '- path: repl.yaml',
      'openapi:', '  path: schema.json', 'configMapGenerator:', '- name: g', '  files: [key=data.txt, other.txt]', '  envs: [a.env]',
      'secretGenerator:', '- name: s', '  env: b.env', '',
    ].join('\n');
    const read = readKustomizationText('k', Buffer.from(text));
    if ('problems' in read) throw new Error(JSON.stringify(read.problems));
    const found = kustomizationReferences(read.document);
    expect(found.problems).toEqual([]);
    expect(found.references.map(({ field, value, kind, line, column }) => `${line}:${column} ${field} ${kind} ${value}`)).toEqual([
      '2:3 resources resource cm.yaml',
      '3:9 bases resource base',
      '5:3 components component comp',
      '6:8 crds file crd.yaml',
      '7:18 configurations file config.yaml',
      '9:9 patches[0].path file patch.yaml',
      '12:9 patchesJson6902[0].path file json.yaml',
      '15:3 patchesStrategicMerge file smp.yaml',
      '21:9 replacements[0].path file repl.yaml',
      '23:9 openapi.path file schema.json',
      '26:11 configMapGenerator[0].files file data.txt',
      '26:25 configMapGenerator[0].files file other.txt',
      '27:10 configMapGenerator[0].envs file a.env',
      '30:8 secretGenerator[0].env file b.env',
    ]);
  });

  it.each([
    ['generators', 'generators: [gen.yaml]\n'],
    ['transformers', 'transformers: [t.yaml]\n'],
    ['validators', 'validators: [v.yaml]\n'],
    ['helmCharts', 'helmCharts:\n- name: x\n'],
    ['helmGlobals', 'helmGlobals: {chartHome: charts}\n'],
  ])('refuses %s outright', (field, kustomization) => {
    expect(firstProblem(kustomization)).toMatch(new RegExp(`^1:1 ${field} is not supported`));
  });

  it('refuses a patch entry field spelled in another case, and an unknown one', () => {
    expect(firstProblem('patches:\n- Path: https://example.com/p.yaml\n')).toMatch(/^2:3 patches\[0\]: "Path" must be spelled "path"/);
    expect(firstProblem('configMapGenerator:\n- name: g\n  type: Opaque\n')).toMatch(/^3:3 configMapGenerator\[0\]: unknown field "type"/);
    expect(firstProblem('configMapGenerator:\n- name: g\n  files: [a=b=c]\n')).toMatch(/^3:11 .*more than one "="/);
  });
});

describe('kustomization inputs: every path checked', () => {
  it('collects the closure of local files, and nothing else', () => {
    const root = repo({
      'app/kustomization.yaml': 'resources: [cm.yaml, ../base]\npatches:\n- path: patch.yaml\n',
      'app/cm.yaml': configMap('cm'),
      'app/patch.yaml': configMap('cm'),
      'base/kustomization.yml': 'resources: [b.yaml]\n',
      'base/b.yaml': configMap('b'),
    });
    const inputs = collectKustomizationInputs(path.join(root, 'app'), { repoRoot: root, allowRemoteBases: false });
    expect(inputs.problems).toEqual([]);
    expect(inputs.files.map((file) => path.relative(root, file))).toEqual([
      'app/cm.yaml', 'app/kustomization.yaml', 'app/patch.yaml', 'base/b.yaml', 'base/kustomization.yml',
    ]);
  });

  it.each([
    ['/dev/zero', 'resources: [/dev/zero]\n', '1:13', 'absolute path'],
    ['/dev/stdin', 'resources: [/dev/stdin]\n', '1:13', 'absolute path'],
    ['a path escaping the repository', 'resources: [../../outside.yaml]\n', '1:13', 'outside the repository'],
    ['a missing file', 'resources: [missing.yaml]\n', '1:13', 'does not exist'],
    ['a directory where a file is read', 'patches:\n- path: sub\n', '2:9', 'is a directory'],
    ['file:// with a // sub-path', 'resources: ["file:///tmp/gitrepo//kdir"]\n', '1:13', 'no host'],
    ['scp-style', 'resources: ["deploy@example.com:org/repo.git//path?ref=v1"]\n', '1:13', 'host example.com'],
    ['an upper-case scheme', 'resources: [HTTPS://example.com/x.yaml]\n', '1:13', 'host example.com'],
    ['SSH://', 'components: [SSH://git@example.com/org/repo]\n', '1:14', 'host example.com'],
    ['git::', 'resources: ["git::https://example.com/org/repo//kdir"]\n', '1:13', 'host example.com'],
    ['s3:: (go-getter)', 'resources: ["s3::https://s3.amazonaws.com/bucket/x"]\n', '1:13', 'no host'],
    ['github.com/ shorthand', 'resources: [github.com/org/repo//sub?ref=v1]\n', '1:13', 'host github.com'],
    ['a host path with ?ref=', 'resources: ["example.com/org/repo?ref=v1"]\n', '1:13', 'remote'],
    ['a // sub-path', 'resources: ["cm.yaml//x"]\n', '1:13', 'remote'],
    ['an http(s) file in a patch', 'patches:\n- path: https://example.com/p.yaml\n', '2:9', 'host example.com'],
    ['an http(s) generator file with a key', 'configMapGenerator:\n- name: g\n  files: [k=https://example.com/f]\n', '3:11', 'host example.com'],
  ])('refuses %s, located', (_name, kustomization, at, message) => {
    const found = firstProblem(kustomization, { 'app/sub/x': 'x' });
    expect(found.startsWith(`${at} `), found).toBe(true);
    expect(found).toContain(message);
  });

  it('allows a remote reference only from a listed host', () => {
    const kustomization = 'resources:\n- cm.yaml\n- https://example.com/org/repo//kdir?ref=v1\n';
    expect(problemsOf(kustomization, {}, ['example.com'])).toEqual([]);
    expect(problemsOf(kustomization, {}, ['other.example'])[0]?.message).toContain('add "example.com" to render.allowRemoteBases');
    expect(problemsOf('resources: ["file:///tmp/r//k"]\n', {}, ['example.com'])[0]?.message).toContain('no host');
  });

  it('never prints a password in a URL', () => {
    const [problem] = problemsOf('resources: ["https://deploy:s3cr3t@example.com/org/repo"]\n');
    expect(problem?.message).toContain('https://deploy:***@example.com/org/repo');
    expect(problem?.message).not.toContain('s3cr3t');
  });

  it('treats as remote everything kustomize 5.5 clones or downloads', () => {
    for (const reference of [
      'https://github.com/org/repo', 'HTTP://example.com/x.yaml', 'ssh://git@example.com/org/repo', 'file:///srv/repo',
      'git@github.com:org/repo', 'user@host.example:org/repo.git', 'github.com/org/repo', 'GitHub.com:org/repo',
      'git::https://example.com/org/repo', 'gh:org/repo', 'example.com/org/repo.git//sub?ref=main', 'x/_git/repo',
    ]) {
      expect(remoteReference(reference), reference).toBeDefined();
    }
    for (const local of ['cm.yaml', './base', '../../base/llm', 'dir.with.dots/file.yaml']) expect(remoteReference(local), local).toBeUndefined();
  });

  it('refuses a symlink out of the repository, a FIFO, and a file over the size cap', () => {
    const root = repo({ 'app/cm.yaml': configMap('cm') });
    symlinkSync('/etc', path.join(root, 'app', 'etc'));
    symlinkSync('/dev/zero', path.join(root, 'app', 'zero.yaml'));
    writeFileSync(path.join(root, 'app', 'big.yaml'), '');
    truncateSync(path.join(root, 'app', 'big.yaml'), 9 * 1024 * 1024);
    spawnSyncMkfifo(path.join(root, 'app', 'fifo.yaml'));
    writeFileSync(path.join(root, 'app', 'kustomization.yaml'), 'resources:\n- etc\n- zero.yaml\n- fifo.yaml\n- big.yaml\n');
    const started = performance.now();
    const inputs = collectKustomizationInputs(path.join(root, 'app'), { repoRoot: root, allowRemoteBases: false });
    expect(performance.now() - started).toBeLessThan(500);
    expect(inputs.problems.map(({ line, column, message }) => `${line}:${column} ${message}`)).toEqual([
      '2:3 resources: "etc" resolves (through a symlink) outside the repository',
      '3:3 resources: "zero.yaml" resolves (through a symlink) outside the repository',
      '4:3 resources: "fifo.yaml" is not a regular file (a device, FIFO or socket)',
      `5:3 resources: "big.yaml" is larger than ${8 * 1024 * 1024} bytes`,
    ]);
    expect(inputs.files.map((file) => path.basename(file))).toEqual(['kustomization.yaml']);
    expect(inputs.problems[0]).toMatchObject({ file: path.join(root, 'app', 'kustomization.yaml'), line: 2, column: 3 });
  });

  it('refuses /dev/stdin in milliseconds while stdin is an open pipe', async () => {
    const root = repo({ 'app/kustomization.yaml': 'resources:\n- stdin.yaml\n- /dev/stdin\n' });
    symlinkSync('/dev/stdin', path.join(root, 'app', 'stdin.yaml'));
    const script = `import { collectKustomizationInputs } from ${JSON.stringify(path.resolve('scripts/render/kustomization-inputs.ts'))};
      const inputs = collectKustomizationInputs(${JSON.stringify(path.join(root, 'app'))}, { repoRoot: ${JSON.stringify(root)}, allowRemoteBases: false });
      console.log(JSON.stringify(inputs.problems.map((p) => p.line + ':' + p.column)));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (exit) => {
        clearTimeout(timer);
        resolve(exit);
      });
    });
    // stdin was never written to nor closed: a read of it would have hung until the kill.
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(['2:3', '3:3']);
  }, 30_000);

  it('refuses a directory with two kustomization files', () => {
    const found = firstProblem('resources: [base]\n', { 'app/base/kustomization.yaml': 'resources: []\n', 'app/base/Kustomization': 'resources: []\n' });
    expect(found).toMatch(/^1:13 .*more than one kustomization file/);
  });
});

function spawnSyncMkfifo(file: string): void {
  const result = spawnSync('mkfifo', [file]);
  if (result.status !== 0) throw new Error('mkfifo failed');
}
