import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBlockStream } from '../scripts/load/block-parse.ts';
import { parseFast, parseWithJsYaml } from '../scripts/load/fast-parse.ts';
import { loadManifests, readSourceFile, screenText, SourceFile, type ParserKind } from '../scripts/load/index.ts';
import { DOCUMENT_BYTES_LIMIT, DOCUMENT_COUNT_LIMIT, DOCUMENT_NODE_LIMIT, PRECISE_STREAM_NODE_LIMIT, STREAM_BYTES_LIMIT } from '../scripts/load/limits.ts';
import { characterProblems } from '../scripts/load/screen-text.ts';
import { locateInPlace } from '../scripts/locate/index.ts';
import { loadPlainFile } from '../scripts/pipeline/plain-files.ts';
import { mutate, seededRandom, withPoisonedKeys, YamlGenerator } from './fixtures/load/generated-corpus.ts';

/**
 * A value's full shape: for every object its prototype and every own property (enumerable or
 * not, data or accessor), in order. `toEqual` alone passes over prototypes and own `__proto__`
 * keys, which is exactly what a poisoned object differs in.
 */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  const kind = Array.isArray(value) ? 'array' : prototype === Object.prototype ? 'object' : 'object with another prototype';
  const keys = Reflect.ownKeys(value).filter((key) => !(Array.isArray(value) && key === 'length'));
  return {
    kind,
    frozen: Object.isFrozen(value),
    properties: keys.map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      return [String(key), descriptor.enumerable, 'value' in descriptor ? shape(descriptor.value) : 'accessor'];
    }),
  };
}

describe('no prototype to poison', () => {
  const pod = (key: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  ${key}:\n    securityContext:\n      privileged: true\n  containers:\n  - name: app\n    image: app:1\n`;

  it.each(['__proto__', '"__proto__"', "'__proto__'"])('reads %s as an ordinary own key on the line parser, js-yaml and `yaml`', (key) => {
    const text = pod(key);
    const paths = { block: parseBlockStream(text), jsYaml: parseWithJsYaml(text), precise: new SourceFile('p.yaml', text, { parser: 'precise' }).documents() };
    expect(paths.block).toBeDefined();
    expect(paths.jsYaml).toBeDefined();
    for (const [name, documents] of Object.entries(paths)) {
      const spec = (documents![0] as { spec: Record<string, unknown> }).spec;
      expect(Object.getPrototypeOf(spec), name).toBe(Object.prototype);
      expect(Object.hasOwn(spec, '__proto__'), name).toBe(true);
      expect(spec.securityContext, name).toBeUndefined();
      expect(shape(documents), name).toEqual(shape(paths.precise));
    }
    for (const parser of ['fast', 'precise'] as ParserKind[]) {
      const source = new SourceFile('p.yaml', text, { parser });
      expect(source.locate(0, ['spec', '__proto__', 'securityContext', 'privileged'])).toEqual({ line: 8, column: 7, found: 'exact' });
      expect(source.locate(0, ['spec', 'securityContext'])).toEqual({ line: 5, column: 1, found: 'ancestor' });
    }
  });

  it.each([
    ['flow style', '{"__proto__": {"securityContext": {"privileged": true}}, "constructor": 1, "prototype": 2}\n'],
    ['JSON', '{\n  "a": {"__proto__": {"securityContext": {}}},\n  "b": [{"__proto__": null}]\n}\n'],
    ['merge key from an anchor', 'base: &base {"__proto__": {"securityContext": {}}}\nspec:\n  <<: *base\n  x: 1\n'],
    ['merge key from a sequence', 'a: &a {__proto__: {x: 1}}\nb: &b {constructor: 2}\nspec:\n  <<: [*a, *b]\n'],
    ['merge key inline', 'spec:\n  <<: {__proto__: {securityContext: {}}}\n'],
  ])('keeps %s free of prototypes, as JSON.parse does', (_name, text) => {
    for (const parser of ['fast', 'precise'] as ParserKind[]) {
      const source = new SourceFile('x.yaml', text, { parser });
      expect(source.problems()).toEqual([]);
      const visit = (value: unknown): void => {
        if (value === null || typeof value !== 'object') return;
        expect(Object.getPrototypeOf(value)).toBe(Array.isArray(value) ? Array.prototype : Object.prototype);
        Object.values(value).forEach(visit);
      };
      visit(source.documents());
      expect(shape(source.documents())).toEqual(shape(new SourceFile('x.yaml', text, { parser: 'precise' }).documents()));
    }
    const document = new SourceFile('x.yaml', text).documents()[0] as Record<string, Record<string, unknown>>;
    if (text.startsWith('{')) expect(shape(document)).toEqual(shape(deepFrozen(JSON.parse(text))));
    if ('spec' in document) expect(Object.hasOwn(document.spec, '__proto__') || Object.hasOwn(document.spec, 'constructor')).toBe(true);
  });

  it('gives identical values on every parser path for the generated corpus with poisoned keys', () => {
    const random = seededRandom(20261202);
    const counts = { total: 0, valid: 0, poisoned: 0, block: 0, blockPoisoned: 0, jsYaml: 0 };
    const streams: string[] = [];
    const anyStyle = new YamlGenerator(random);
    const blockStyle = new YamlGenerator(random, 'block');
    for (let index = 0; index < 1000; index += 1) {
      const text = withPoisonedKeys(index % 3 === 0 ? anyStyle.stream() : blockStyle.blockStream(), random);
      streams.push(index % 4 === 0 ? mutate(text, random) : text);
    }
    for (const text of streams) {
      counts.total += 1;
      const precise = new SourceFile('x.yaml', text, { parser: 'precise' });
      const expected = shape(precise.documents());
      const isPoisoned = /__proto__|constructor|prototype|toString|hasOwnProperty/.test(JSON.stringify(precise.documents()));
      if (precise.problems().length === 0) counts.valid += 1;
      if (isPoisoned) counts.poisoned += 1;
      const block = parseBlockStream(text);
      if (block !== undefined) {
        counts.block += 1;
        if (isPoisoned) counts.blockPoisoned += 1;
        expect(shape(block), JSON.stringify(text)).toEqual(expected);
      }
      const jsYaml = parseWithJsYaml(text);
      if (jsYaml !== undefined) {
        counts.jsYaml += 1;
        expect(shape(jsYaml), JSON.stringify(text)).toEqual(expected);
      }
      const fast = new SourceFile('x.yaml', text, { parser: 'fast' });
      expect(shape(fast.documents()), JSON.stringify(text)).toEqual(expected);
      expect(fast.problems(), JSON.stringify(text)).toEqual(precise.problems());
      expect(shape(loadManifests(fast).entries.map((entry) => entry.object))).toEqual(shape(loadManifests(precise).entries.map((entry) => entry.object)));
    }
    // The comparison means something only if the fast paths took many poisoned streams.
    expect(counts.poisoned, JSON.stringify(counts)).toBeGreaterThan(counts.total / 5);
    expect(counts.block, JSON.stringify(counts)).toBeGreaterThan(counts.valid / 5);
    expect(counts.blockPoisoned, JSON.stringify(counts)).toBeGreaterThan(counts.block / 3);
    expect(counts.jsYaml, JSON.stringify(counts)).toBeGreaterThan(counts.valid / 3);
  });
});

function deepFrozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFrozen);
    Object.freeze(value);
  }
  return value;
}

describe('text that Kubernetes rejects or reads differently, located', () => {
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';

  it.each([
    ['a NUL in a comment', `${configMap}# a\u0000b\n`, 'character U+0000 is not allowed in YAML', 5, 4],
    ['a NUL in a value', 'a: "\u0000"\n', 'character U+0000 is not allowed in YAML', 1, 5],
    ['an unpaired surrogate', `${configMap}data: {k: "\uD800"}\n`, 'character U+D800 is not allowed in YAML', 5, 12],
    ['a %YAML 1.2 directive', `%YAML 1.2\n---\n${configMap}`, 'a YAML directive ("%YAML 1.2") is not allowed: kubectl and kustomize cannot read a file that has one', 1, 1],
    ['a %YAML 1.1 directive after a document', `${configMap}...\n%YAML 1.1\n---\n${configMap}`, 'a YAML directive ("%YAML 1.1") is not allowed: kubectl and kustomize cannot read a file that has one', 6, 1],
    ['a %TAG directive', `%TAG !e! tag:example.com,2000:\n---\n${configMap}`, 'a YAML directive ("%TAG !e! tag:example.com,2000:") is not allowed: kubectl and kustomize cannot read a file that has one', 1, 1],
    ['a BOM at the start of a document', `${configMap}---\n\uFEFF${configMap}`, 'a byte order mark (U+FEFF) is allowed only at the very start of the file', 6, 1],
    ['a BOM inside a value', `${configMap}data: {k: "a\uFEFFb"}\n`, 'a byte order mark (U+FEFF) is allowed only at the very start of the file', 5, 13],
    ['a NEL in a comment', `${configMap}# note\u0085hostNetwork: true\n`, 'line break U+0085 (NEL) is not allowed: kubectl and kustomize start a new line there, other YAML readers do not; use a line feed', 5, 7],
    ['a LINE SEPARATOR', `${configMap}# note\u2028x: y\n`, 'line break U+2028 (LINE SEPARATOR) is not allowed: kubectl and kustomize start a new line there, other YAML readers do not; use a line feed', 5, 7],
    ['a PARAGRAPH SEPARATOR', `${configMap}data:\n  k: a\u2029b\n`, 'line break U+2029 (PARAGRAPH SEPARATOR) is not allowed: kubectl and kustomize start a new line there, other YAML readers do not; use a line feed', 6, 7],
    ['a lone CR', `${configMap}# note\rdata: {}\n`, 'a carriage return without a line feed is not allowed: kubectl and kustomize start a new line there, other YAML readers do not; use a line feed', 5, 7],
  ])('refuses %s', (_name, text, message, line, column) => {
    for (const parser of ['fast', 'precise'] as ParserKind[]) {
      const source = new SourceFile('x.yaml', text, { parser });
      expect(source.problems()).toEqual([expect.objectContaining({ message, line, column })]);
      expect(source.documents()).toEqual([]);
      expect(loadManifests(source).entries).toEqual([]);
    }
    expect(screenText(text)).toEqual([expect.objectContaining({ message, line, column })]);
  });

  it('keeps every refused text from the fast parser, whose own screen lets the load stage skip a second scan', () => {
    let refused = 0;
    for (let code = 0; code <= 0xffff; code += 1) {
      const character = String.fromCharCode(code);
      for (const text of [`a: 1\n# x${character}y\n`, `a: "x${character}y"\nb: 2\n`, `a: 1\n${character}b: 2\n`]) {
        if (characterProblems(text).length === 0) continue;
        refused += 1;
        expect(parseFast(text), JSON.stringify(text)).toBeUndefined();
        expect(new SourceFile('x.yaml', text).problems(), JSON.stringify(text)).toEqual(characterProblems(text));
      }
    }
    expect(refused).toBeGreaterThan(3 * 2048);
  });

  it('accepts what both read alike: a BOM opening the file, CRLF line ends, tabs in values, emoji', () => {
    for (const text of [`\uFEFF${configMap}`, configMap.replace(/\n/g, '\r\n'), `${configMap}data:\n  k: "a\tb ☃ 😀"\n`, `${configMap}data:\n  k: 50%\n`]) {
      expect(screenText(text), JSON.stringify(text)).toEqual([]);
      expect(loadManifests(new SourceFile('x.yaml', text)).entries, JSON.stringify(text)).toHaveLength(1);
    }
  });

  it('names the first occurrence of each kind, in order, with its document', () => {
    const text = `${configMap}---\n${configMap}# \u0085 \r\n# \uFEFF\n# \u0001 \u0002\n%YAML 1.1\n`;
    expect(screenText(text).map(({ line, column, documentIndex }) => [line, column, documentIndex])).toEqual([
      [10, 3, 1],
      [11, 3, 1],
      [12, 3, 1],
      [13, 1, 1],
    ]);
  });
});

describe('plain files read as bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'load-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Uint8Array): string => {
    writeFileSync(join(dir, name), content);
    return name;
  };
  const context = { kubernetesVersion: '1.34', environment: undefined };
  const load = (name: string) => {
    const loaded = loadPlainFile(name, context, { cwd: dir, parser: 'fast' });
    return { entries: loaded.manifests, diagnostics: locateInPlace(loaded.findings) };
  };

  it('refuses invalid UTF-8 at its first bad byte, in a comment too', () => {
    const prefix = Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ä\n# é ');
    for (const bad of [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      const file = write('bad.yaml', Buffer.concat([prefix, Buffer.from(bad), Buffer.from('\nx: 1\n')]));
      const { entries, diagnostics } = load(file);
      expect(entries).toEqual([]);
      expect(diagnostics, JSON.stringify(bad)).toEqual([
        expect.objectContaining({
          ruleId: 'yaml',
          file,
          line: 5,
          column: 5,
          message: `invalid UTF-8 (byte 0x${bad[0]!.toString(16).toUpperCase()}): YAML must be UTF-8 text, and kustomize refuses the file`,
        }),
      ]);
    }
  });

  it('keeps a leading BOM and loads the file as before', () => {
    const file = write('bom.yaml', '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    expect(load(file).entries).toHaveLength(1);
    const source = readSourceFile(file, join(dir, file));
    expect(source).toBeInstanceOf(SourceFile);
    expect((source as SourceFile).text.startsWith('\uFEFF')).toBe(true);
  });

  it('does not let a NEL in a comment hide a field from the validator', () => {
    const file = write('nel.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  # pod\u0085  hostNetwork: true\n  containers: []\n');
    const { entries, diagnostics } = load(file);
    expect(entries).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ ruleId: 'yaml', line: 6, column: 8 })]);
  });

  it('reads no more than the limit from a file, a device or a FIFO, and never blocks', () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';
    const big = write('big.yaml', `${head}  k: ${'x'.repeat(STREAM_BYTES_LIMIT)}\n`);
    const started = performance.now();
    expect(load(big).diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'yaml', line: 6, column: STREAM_BYTES_LIMIT - head.length + 1, message: 'the file is larger than the limit of 32 MiB per file or rendered stream' }),
    ]);
    expect(load('/dev/zero').diagnostics).toEqual([expect.objectContaining({ message: 'cannot read file: not a regular file' })]);
    const fifo = join(dir, 'fifo.yaml');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      expect(load('fifo.yaml').diagnostics).toEqual([expect.objectContaining({ message: 'cannot read file: not a regular file' })]);
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('bounded loading', () => {
  /** The one problem of a text, on both parsers, found without a parser (fast). */
  function limitProblem(text: string) {
    const started = performance.now();
    const problems = (['fast', 'precise'] as ParserKind[]).map((parser) => new SourceFile('big.yaml', text, { parser }).problems());
    expect(performance.now() - started).toBeLessThan(3000);
    expect(problems[0]).toEqual(problems[1]);
    expect(problems[0]).toHaveLength(1);
    return problems[0]![0]!;
  }

  it('refuses a stream larger than the limit, where it crosses it', () => {
    const text = 'a: 1\n' + 'b: ' + 'é'.repeat(STREAM_BYTES_LIMIT / 2) + '\n';
    // Line 2 holds 3 ASCII bytes and then two-byte characters: the limit falls inside the line.
    expect(limitProblem(text)).toEqual({
      message: 'the file is larger than the limit of 32 MiB per file or rendered stream',
      line: 2,
      column: 4 + (STREAM_BYTES_LIMIT - 5 - 3) / 2,
      documentIndex: 0,
    });
  });

  it('refuses a document larger than the limit, at its start, and passes a 5 MB CRD bundle', () => {
    const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    const text = `${small}---\n${small}data:\n  k: ${'x'.repeat(DOCUMENT_BYTES_LIMIT)}\n`;
    expect(limitProblem(text)).toEqual({ message: 'the document is larger than the limit of 8 MiB per document', line: 5, column: 1, documentIndex: 1 });
    const property = (index: number) => `                x${index}:\n                  type: string\n                  description: field ${index} of the spec\n`;
    const crd = (index: number) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: c${index}.example.com\nspec:\n  group: example.com\n  names: {kind: C${index}, plural: c${index}}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n${Array.from({ length: 10_000 }, (_, field) => property(field)).join('')}`;
    const bundle = Array.from({ length: 5 }, (_, index) => crd(index)).join('---\n');
    expect(bundle.length).toBeGreaterThan(5_000_000);
    const started = performance.now();
    const loaded = loadManifests(new SourceFile('crds.yaml', bundle));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(loaded.problems).toEqual([]);
    expect(loaded.entries).toHaveLength(5);
  });

  it('refuses a stream of more documents than the limit, at the first one too many', () => {
    const text = 'a: 1\n---\n'.repeat(DOCUMENT_COUNT_LIMIT) + 'a: 1\n';
    expect(limitProblem(text)).toEqual({
      message: `the stream has more than ${DOCUMENT_COUNT_LIMIT.toLocaleString('en-US')} documents (the limit per file or rendered stream)`,
      line: 2 * DOCUMENT_COUNT_LIMIT,
      column: 1,
      documentIndex: DOCUMENT_COUNT_LIMIT,
    });
    expect(screenText('a: 1\n---\n'.repeat(DOCUMENT_COUNT_LIMIT - 1) + 'a: 1\n')).toEqual([]);
  });

  it('refuses a document of more nodes than the limit before any parser sees it, where the count crosses it', () => {
    const items = 'a: [' + '1,'.repeat(DOCUMENT_NODE_LIMIT) + '1]\n';
    // Nodes: the document, `a`, the sequence and its items; the separators before them count.
    expect(limitProblem(items)).toEqual({
      message: `the document has more than ${DOCUMENT_NODE_LIMIT.toLocaleString('en-US')} YAML nodes (the limit per document; keys, values, items and lines all count)`,
      line: 1,
      column: 6 + 2 * (DOCUMENT_NODE_LIMIT - 3),
      documentIndex: 0,
    });
    const lines = 'a:\n' + '- &x 1\n'.repeat(DOCUMENT_NODE_LIMIT / 2);
    expect(limitProblem(lines).message).toMatch(/more than 500,000 YAML nodes/);
    // Just below the limit: no problem.
    expect(screenText('a:\n' + '- &x 1\n'.repeat(DOCUMENT_NODE_LIMIT / 2 - 10))).toEqual([]);
  });

  it('gives the `yaml` package, which the fast parser leaves unusual streams to, no stream of more nodes than its limit', () => {
    const items = `[${'1,'.repeat(PRECISE_STREAM_NODE_LIMIT / 2)}1]`;
    const plain = `a: ${items}\n---\nb: ${items}\n`;
    const anchored = `a: &x ${items}\n---\nb: ${items}\n`;
    const started = performance.now();
    expect(new SourceFile('plain.yaml', plain).problems()).toEqual([]);
    expect(new SourceFile('plain.yaml', plain).documents()).toHaveLength(2);
    for (const parser of ['fast', 'precise'] as ParserKind[]) {
      expect(new SourceFile('anchored.yaml', anchored, { parser }).problems()).toEqual([
        {
          message: `the stream has more than ${PRECISE_STREAM_NODE_LIMIT.toLocaleString('en-US')} YAML nodes, the limit for a stream with anchors, tags or other syntax only the slower \`yaml\` parser reads (keys, values, items and lines all count): split the file`,
          line: 3,
          column: expect.any(Number) as unknown,
          documentIndex: 1,
        },
      ]);
    }
    expect(new SourceFile('plain.yaml', plain, { parser: 'precise' }).problems()).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(screenText('a:\n' + '- &x 1\n'.repeat(DOCUMENT_NODE_LIMIT / 2 - 10))).toEqual([]);
  });
});
