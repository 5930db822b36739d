import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/bench/corpus.ts';
import { parseBlockStream, parseScreenedBlockStream } from '../scripts/load/block-parse.ts';
import { documentSegments } from '../scripts/load/document-segments.ts';
import { parseFast } from '../scripts/load/fast-parse.ts';
import { ALIAS_EXPANSION_LIMIT, NESTING_DEPTH_LIMIT } from '../scripts/load/limits.ts';
import { isYaml11Boolean, loadManifests, SourceFile, type ParserKind } from '../scripts/load/index.ts';
import { resolvePlainScalar, resolveTaggedScalar } from '../scripts/load/scalar-resolution.ts';
import { mutate, seededRandom, YamlGenerator } from './fixtures/load/generated-corpus.ts';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/load/${name}`, import.meta.url), 'utf8');
}

const FIXTURES = [
  'deployment.yaml',
  'configmap-block-scalars.yaml',
  'list.yaml',
  'helm-style.yaml',
  'service.json',
  'crd-deep.yaml',
  'anchors-and-merge.yaml',
  'billion-laughs.yaml',
];

/** Both parsers must give the same answer; returns it. */
function load(text: string, file = 'input.yaml') {
  const results = (['fast', 'precise'] as ParserKind[]).map((parser) => {
    const source = new SourceFile(file, text, { parser });
    return { source, documents: source.documents(), yamlProblems: source.problems(), ...loadManifests(source) };
  });
  const [fast, precise] = results as [(typeof results)[0], (typeof results)[0]];
  expect(fast.documents).toEqual(precise.documents);
  expect(fast.yamlProblems).toEqual(precise.yamlProblems);
  expect(fast.problems).toEqual(precise.problems);
  expect(fast.entries).toEqual(precise.entries);
  return fast;
}

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('streams', () => {
  it('loads every object of a multi-document stream and skips empty documents', () => {
    const result = load(fixture('helm-style.yaml'));
    expect(result.documents).toHaveLength(4);
    expect(result.documents[1]).toBeNull();
    expect(result.documents[3]).toBeNull();
    expect(result.problems).toEqual([]);
    expect(result.entries.map((entry) => [entry.documentIndex, entry.pointerPrefix, entry.object.kind])).toEqual([
      [0, '', 'ServiceAccount'],
      [2, '', 'Service'],
    ]);
  });

  it('expands kind: List into its items, located inside the list', () => {
    const result = load(fixture('list.yaml'));
    expect(result.entries.map((entry) => [entry.pointerPrefix, entry.object.metadata.name])).toEqual([
      ['/items/0', 'first'],
      ['/items/1', 'second'],
    ]);
    expect(result.source.locate(0, ['items', 1, 'spec', 'ports', 0, 'port'])).toEqual({ line: 14, column: 11, found: 'exact' });
    expect(result.source.locate(0, ['items', 1])).toEqual({ line: 8, column: 5, found: 'exact' });
  });

  it('checks list items like documents, with pointers into the list', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- 3',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {labels: {}}',
      '',
    ].join('\n');
    const result = load(text);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      { message: 'list item is not a mapping (found an integer)', line: 4, column: 3, documentIndex: 0, pointer: '/items/0' },
      {
        message: 'list item has no "metadata.name" (or "metadata.generateName")',
        line: 7,
        column: 3,
        documentIndex: 0,
        pointer: '/items/1/metadata',
      },
    ]);
  });

  it.each([
    ['an empty file', '', []],
    ['a comment-only file', '# nothing here\n# at all\n', []],
    ['blank lines', '\n\n   \n', []],
    ['a lone document marker', '---\n', [null]],
    ['empty documents between markers', '---\n# a comment\n---\n', [null, null]],
  ])('reads %s as no objects and no problems', (_label, text, documents) => {
    const result = load(text);
    expect(result.documents).toEqual(documents);
    expect(result.problems).toEqual([]);
    expect(result.entries).toEqual([]);
  });

  it('reads JSON input, which is YAML too', () => {
    const result = load(fixture('service.json'), 'service.json');
    expect(result.problems).toEqual([]);
    expect(result.entries[0]?.object).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'from-json', labels: { tier: 'backend', enabled: 'true' } },
      spec: {
        ports: [{ port: 443, targetPort: 8443, name: 'https' }],
        clusterIP: null,
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ratio: 0.5,
      },
    });
    expect(result.source.locate(0, ['spec', 'ports', 0, 'targetPort'])).toEqual({ line: 9, column: 29, found: 'exact' });
  });

  it('reads block scalars, folding and escapes as kubectl does', () => {
    const data = (load(fixture('configmap-block-scalars.yaml')).entries[0]?.object as unknown as { data: Record<string, string> }).data;
    expect(data).toEqual({
      literal: 'line one\n  indented line\n\nafter a blank line\n',
      stripped: 'no final newline',
      kept: 'keeps trailing lines\n\n',
      folded: 'folded text on two lines\nnew paragraph\n',
      plainMultiLine: 'this plain scalar continues on the next line',
      singleQuoted: "it's folded too",
      doubleQuoted: 'tab\tunicode é A escaped "quotes" continued',
      url: 'http://example.com/path?query=1&other=2',
      colonInside: 'a:b:c',
      hashInside: 'value#not-a-comment',
      trailingComment: 'value',
      empty: '',
      spaces: '  padded  ',
    });
  });

  it('hands out deep-frozen plain JSON data, with no shared references', () => {
    for (const parser of ['fast', 'precise'] as ParserKind[]) {
      const source = new SourceFile('x.yaml', fixture('anchors-and-merge.yaml') + fixture('deployment.yaml').replace(/^#.*\n/, '---\n'), { parser });
      const [anchors, deployment] = source.documents() as [Record<string, Record<string, unknown>>, unknown];
      expect(isDeepFrozen(source.documents())).toBe(true);
      expect(Object.getPrototypeOf(deployment)).toBe(Object.prototype);
      expect(anchors.data).toEqual({ copy: 'shared', again: 'shared' });
      // A merged mapping is a copy, not the anchored object itself.
      expect(anchors.service).toEqual({ timeout: 30, retries: 5 });
      expect(anchors.service).not.toBe(anchors.defaults);
      expect(loadManifests(source).entries.every((entry) => isDeepFrozen(entry.object))).toBe(true);
    }
  });
});

describe('YAML 1.1 scalars, as go-yaml v2 (sigs.k8s.io/yaml) types them', () => {
  it('reads an unquoted on as a boolean and a quoted one as a string', () => {
    const result = load(fixture('deployment.yaml'));
    const container = (result.entries[0]?.object.spec as { template: { spec: { containers: { env: { value: unknown }[] }[] } } }).template.spec
      .containers[0]!;
    expect(container.env.map((variable) => variable.value)).toEqual([true, 'on', '2024-01-15T10:00:00Z']);
    expect(result.source.plainScalar(0, ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value'])).toBe('on');
    expect(result.source.plainScalar(0, ['spec', 'template', 'spec', 'containers', 0, 'env', 1, 'value'])).toBeUndefined();
    expect(result.source.plainScalar(0, ['spec', 'template', 'spec', 'containers', 0, 'env', 9, 'value'])).toBeUndefined();
    expect(result.source.plainScalar(0, ['spec', 'template', 'spec', 'containers', 0, 'env'])).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ...'y Y yes Yes YES true True TRUE on On ON'.split(' ').map((text): [string, unknown] => [text, true]),
    ...'n N no No NO false False FALSE off Off OFF'.split(' ').map((text): [string, unknown] => [text, false]),
    ...['yEs', 'oN', 'nULL', 'Nope', 'falsey', 'trueish', 'nullable', 'offline', 'Yesterday'].map((text): [string, unknown] => [text, text]),
    ['+.INF', Number.POSITIVE_INFINITY],
    ['-.Inf', Number.NEGATIVE_INFINITY],
    ...['~', 'null', 'Null', 'NULL', ''].map((text): [string, unknown] => [text, null]),
    ['0755', 493],
    ['-0755', -493],
    ['0o17', 15],
    ['0O17', 15],
    ['0x1F', 31],
    ['0X1f', 31],
    ['0b101', 5],
    ['-0b101', -5],
    ['0b-1', -1],
    ['1_000', 1000],
    ['0x_1F', 31],
    ['08', 8],
    ['+12', 12],
    ['1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1e3', 1000],
    ['.5_5', 0.55],
    ['9223372036854775807', 9223372036854775807],
    ['18446744073709551615', 18446744073709551615],
    ['0x10000000000000000', '0x10000000000000000'],
    ['1:20', '1:20'],
    ['190:20:30', '190:20:30'],
    ['.', '.'],
    ['._5', '._5'],
    ['1e999', '1e999'],
    ['0x', '0x'],
    ['_1', '_1'],
    ['2001-12-14', '2001-12-14'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['<<', '<<'],
    ['.iNf', '.iNf'],
  ])('%j is %j', (text, value) => {
    expect(resolvePlainScalar(text).value).toEqual(value);
  });

  it('has no negative zero integers, but keeps the negative zero float', () => {
    expect(Object.is(resolvePlainScalar('-0').value, 0)).toBe(true);
    expect(Object.is(resolvePlainScalar('-0.0').value, -0)).toBe(true);
  });

  it.each([
    ['2001-12-14', true],
    ['2001-1-2', true],
    ['2000-02-29', true],
    ['2001-02-29', false],
    ['2001-12-14T21:59:43Z', true],
    ['2001-12-14t21:59:43.10-05:00', true],
    ['2001-12-14 21:59:43.10', true],
    ['2001-12-14  21:59:43', true],
    ['2001-12-14T21:59:43', false],
    ['2001-12-14 21:59:43.10 -5', false],
    ['2001-12-14T21:59:43+25:00', false],
    ['2001-13-01', false],
  ])('types %s as a timestamp: %s (the value stays the string either way)', (text, isTimestamp) => {
    expect(resolvePlainScalar(text)).toEqual({ kind: isTimestamp ? 'timestamp' : 'str', value: text });
  });

  it('keeps timestamps as strings in loaded objects', () => {
    const result = load('a: 2001-12-14\nb: 2001-12-14 21:59:43.10\nc: !!timestamp 2001-12-14\n');
    expect(result.documents[0]).toEqual({ a: '2001-12-14', b: '2001-12-14 21:59:43.10', c: '2001-12-14' });
  });

  it('explains YAML 1.1 booleans', () => {
    expect(['on', 'Off', 'y', 'NO'].every(isYaml11Boolean)).toBe(true);
    expect(['true1', 'oN', 'enabled', ''].some(isYaml11Boolean)).toBe(false);
  });

  it('honours explicit tags as go-yaml does', () => {
    expect(resolveTaggedScalar('tag:yaml.org,2002:int', '8080')).toEqual({ kind: 'int', value: 8080 });
    expect(resolveTaggedScalar('tag:yaml.org,2002:float', '1')).toEqual({ kind: 'float', value: 1 });
    expect(resolveTaggedScalar('tag:yaml.org,2002:str', 'on')).toEqual({ kind: 'str', value: 'on' });
    expect(resolveTaggedScalar('!custom', 'on')).toEqual({ kind: 'str', value: 'on' });
    expect(resolveTaggedScalar('tag:yaml.org,2002:int', 'abc')).toEqual({ error: 'cannot decode !!str `abc` as a !!int' });
    expect(resolveTaggedScalar('tag:yaml.org,2002:binary', 'aGk=')).toEqual({ kind: 'str', value: 'hi' });
    expect(resolveTaggedScalar('tag:yaml.org,2002:binary', 'a!')).toEqual({ error: '!!binary value contains invalid base64 data' });
    const result = load('a: !!int "12"\nb: !!str 12\nc: !foo bar\nd: !!int twelve\n');
    expect(result.documents).toEqual([undefined]);
    expect(result.yamlProblems).toEqual([{ message: 'cannot decode !!str `twelve` as a !!int', line: 4, column: 10, documentIndex: 0 }]);
    expect(load('a: !!int "12"\nb: !!str 12\nc: !foo bar\n').documents).toEqual([{ a: 12, b: '12', c: 'bar' }]);
  });

  it('turns mapping keys into JSON keys as sigs.k8s.io/yaml does', () => {
    const result = load('y: 1\nno: 2\n8080: 3\n0x10: 4\n1.5: 5\n1e7: 6\n"1e7": 7\n');
    expect(result.documents[0]).toEqual({ true: 1, false: 2, '8080': 3, '16': 4, '1.5': 5, '1e+07': 6, '1e7': 7 });
    expect(result.source.locate(0, ['1e+07'])).toEqual({ line: 6, column: 1, found: 'exact' });
  });

  it('rejects what kubectl cannot turn into JSON', () => {
    expect(load('~: a\n').yamlProblems).toEqual([
      { message: 'a mapping key must be a string, number or boolean (found null)', line: 1, column: 1, documentIndex: 0 },
    ]);
    expect(load('[a, b]: c\n').yamlProblems[0]?.message).toBe('a mapping key must be a string, number or boolean (found a sequence)');
    expect(load('ratio: .inf\n').yamlProblems).toEqual([
      { message: '.inf is not a JSON number (kubectl fails: "json: unsupported value: +Inf")', line: 1, column: 8, documentIndex: 0 },
    ]);
    expect(load('a: "\u0000"\n').yamlProblems).toEqual([
      { message: 'character U+0000 is not allowed in YAML', line: 1, column: 5, documentIndex: 0 },
    ]);
  });
});

describe('problems, located', () => {
  it('reports a duplicate key at the duplicate, naming the key and the first line', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: app\n    image: one\n    image: two\n';
    const result = load(text);
    expect(result.documents).toEqual([undefined]);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      { message: 'duplicate key "image" (first defined at line 8)', line: 9, column: 5, documentIndex: 0, pointer: '' },
    ]);
  });

  it('reports a syntax error with its line and column, and still loads the other documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n';
    const result = load(text);
    expect(result.entries.map((entry) => entry.object.metadata.name)).toEqual(['ok']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 9, column: 1, documentIndex: 1, pointer: '' });
    expect(result.problems[0]?.message).toMatch(/flow map/i);
  });

  it.each([
    ['- a\n- b\n', 'document is not a mapping (found a list)'],
    ['just text\n', 'document is not a mapping (found a string)'],
    ['42\n', 'document is not a mapping (found an integer)'],
  ])('reports a document that is not a mapping: %j', (text, message) => {
    expect(load(text).problems).toEqual([{ message, line: 1, column: 1, documentIndex: 0, pointer: '' }]);
  });

  it.each([
    ['kind: Pod\nmetadata: {name: a}\n', 'document has no "apiVersion"', 1, 1, ''],
    ['apiVersion: v1\nmetadata: {name: a}\n', 'document has no "kind"', 1, 1, ''],
    ['metadata: {name: a}\n', 'document has no "apiVersion" and no "kind"', 1, 1, ''],
    ['apiVersion: v1\nkind: Pod\n', 'document has no "metadata.name" (or "metadata.generateName")', 1, 1, ''],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n', 'document has no "metadata.name" (or "metadata.generateName")', 3, 1, '/metadata'],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: 12\n', '"metadata.name" must be a string (found an integer)', 4, 3, '/metadata/name'],
    ['apiVersion: 1\nkind: Pod\nmetadata:\n  name: a\n', '"apiVersion" must be a string (found an integer)', 1, 1, '/apiVersion'],
  ])('reports a missing identity: %j', (text, message, line, column, pointer) => {
    const result = load(`# leading comment\n${text}`);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([{ message, line: line + 1, column, documentIndex: 0, pointer }]);
  });

  it('accepts generateName in place of name', () => {
    const result = load('apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n');
    expect(result.problems).toEqual([]);
    expect(result.entries[0]?.object.metadata.generateName).toBe('migrate-');
  });

  it('fails a "billion laughs" document fast, at the alias that overflows, without expanding it', () => {
    const start = performance.now();
    const result = load(fixture('billion-laughs.yaml'));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result.documents).toEqual([undefined]);
    expect(result.problems).toEqual([
      {
        message: `YAML alias expansion exceeds the limit of ${ALIAS_EXPANSION_LIMIT} nodes (a "billion laughs" document?)`,
        line: 10,
        column: 10,
        documentIndex: 0,
        pointer: '',
      },
    ]);
  });

  it('expands aliases up to the limit and no further', () => {
    const within = `a: &a [${Array(99).fill('x').join(', ')}]\nb: [${Array(99).fill('*a').join(', ')}]\n`;
    expect(load(within).yamlProblems).toEqual([]);
    expect((load(within).documents[0] as { b: unknown[][] }).b.flat()).toHaveLength(99 * 99);
    const beyond = `a: &a [${Array(100).fill('x').join(', ')}]\nb: [${Array(100).fill('*a').join(', ')}]\n`;
    expect(load(beyond).yamlProblems[0]?.message).toMatch(/alias expansion exceeds/);
  });

  it('reports an alias to an unknown or enclosing anchor', () => {
    expect(load('a: *missing\n').problems[0]?.message).toBe('unknown alias "*missing" (an anchor must come before its alias)');
    expect(load('a: &loop [1, *loop]\n').problems[0]?.message).toBe('anchor "&loop" contains an alias to itself');
  });

  it('survives hostile and broken input: deep nesting, huge documents, control characters', () => {
    const deep = load('a: ' + '['.repeat(NESTING_DEPTH_LIMIT + 10) + ']'.repeat(NESTING_DEPTH_LIMIT + 10) + '\n');
    expect(deep.problems[0]?.message).toBe(`nesting deeper than ${NESTING_DEPTH_LIMIT} levels`);
    expect(load('a: ' + '['.repeat(20_000) + '\n').problems[0]?.message).toBe('nesting too deep to parse');
    const huge = load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: ' + 'x'.repeat(5_000_000) + '\n');
    expect(huge.entries).toHaveLength(1);
    expect(load('\uFFFD\uD800: \u0007\n').entries).toEqual([]);
  });
});

describe('positions', () => {
  const source = new SourceFile('deployment.yaml', fixture('deployment.yaml'));

  it('points at the key of a mapping entry', () => {
    expect(source.locate(0, ['spec', 'template', 'spec', 'containers', 0, 'resources'])).toEqual({ line: 42, column: 11, found: 'exact' });
    expect(source.locate(0, ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])).toEqual({ line: 22, column: 21, found: 'exact' });
  });

  it('points at the start of a sequence item', () => {
    expect(source.locate(0, ['spec', 'template', 'spec', 'containers', 0])).toEqual({ line: 29, column: 11, found: 'exact' });
    expect(source.locate(0, ['spec', 'template', 'spec', 'containers', 0, 'args', 2])).toEqual({ line: 31, column: 36, found: 'exact' });
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(source.locate(0, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'nvidia.com/gpu'])).toEqual({
      line: 44,
      column: 13,
      found: 'ancestor',
    });
    expect(source.locate(0, ['spec', 'template', 'spec', 'containers', 5, 'name'])).toEqual({ line: 28, column: 7, found: 'ancestor' });
  });

  it('places the document start at its first content or its marker', () => {
    expect(source.documentStart(0)).toEqual({ line: 2, column: 1 });
    const stream = new SourceFile('s.yaml', '---\n# first\na: 1\n---\n---\nb: 2\n');
    expect([0, 1, 2].map((index) => stream.documentStart(index).line)).toEqual([3, 4, 6]);
  });

  it('follows aliases and merge keys to the text a person edits', () => {
    const anchors = new SourceFile('a.yaml', fixture('anchors-and-merge.yaml'));
    expect(anchors.locate(0, ['service', 'retries'])).toEqual({ line: 16, column: 3, found: 'exact' });
    expect(anchors.locate(0, ['service', 'timeout'])).toEqual({ line: 12, column: 3, found: 'exact' });
    expect(anchors.locate(0, ['data', 'again'])).toEqual({ line: 10, column: 3, found: 'exact' });
    expect(anchors.plainScalar(0, ['data', 'again'])).toBe('shared');
  });

  it('locates in a block-style document from the line parser\'s records, elsewhere with the `yaml` AST of that document alone, built once', () => {
    // The private cache of `yaml` document views, by document index.
    const views = (source: SourceFile) => Reflect.get(source, 'views') as Map<number, unknown>;
    const block = new SourceFile('b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: b\n');
    expect(loadManifests(block).entries).toHaveLength(2);
    expect(block.locate(1, ['spec', 'containers', 0, 'image'])).toEqual({ line: 13, column: 7, found: 'exact' });
    expect(block.locate(1, ['spec', 'volumes'])).toEqual({ line: 10, column: 1, found: 'ancestor' });
    expect(block.documentStart(1)).toEqual({ line: 6, column: 1 });
    expect(views(block).size).toBe(0);

    const flow = new SourceFile('d.yaml', fixture('deployment.yaml'));
    expect(loadManifests(flow).entries).toHaveLength(1);
    expect(views(flow).size).toBe(0);
    expect(flow.locate(0, ['spec', 'template', 'spec', 'containers', 0, 'resources'])).toEqual({ line: 42, column: 11, found: 'exact' });
    expect(flow.documentStart(0)).toEqual({ line: 2, column: 1 });
    const built = views(flow).get(0);
    expect(built).toBeDefined();
    flow.plainScalar(0, ['metadata', 'name']);
    expect(views(flow).get(0)).toBe(built);
  });
});

describe('fast and precise parsers agree', () => {
  interface Counts {
    total: number;
    valid: number;
    fast: number;
    /** Taken by the line parser for the block subset (block-parse.ts). */
    block: number;
  }

  /** Runs both on one text; counts how often the fast parser itself answered. */
  function compare(text: string, counts: Counts): void {
    counts.total += 1;
    const fast = parseFast(text);
    const precise = new SourceFile('x.yaml', text, { parser: 'precise' });
    if (precise.problems().length === 0) counts.valid += 1;
    const block = parseBlockStream(text);
    if (block !== undefined) {
      counts.block += 1;
      expect(precise.problems(), JSON.stringify(text)).toEqual([]);
      expect(block, JSON.stringify(text)).toEqual(precise.documents());
      // Key order too: it decides the order of findings and of the JSON written out.
      expect(JSON.stringify(block), JSON.stringify(text)).toBe(JSON.stringify(precise.documents()));
      expect(isDeepFrozen(block)).toBe(true);
      // The segments it notes while reading are the ones documentSegments finds in the text.
      expect(parseScreenedBlockStream(text)?.segments, JSON.stringify(text)).toEqual(documentSegments(text, block.length));
    }
    if (fast !== undefined) {
      counts.fast += 1;
      expect(precise.problems(), JSON.stringify(text)).toEqual([]);
      expect(fast, JSON.stringify(text)).toEqual(precise.documents());
      expect(isDeepFrozen(fast)).toBe(true);
    }
    const viaFast = new SourceFile('x.yaml', text, { parser: 'fast' });
    expect(viaFast.documents(), JSON.stringify(text)).toEqual(precise.documents());
    expect(viaFast.problems(), JSON.stringify(text)).toEqual(precise.problems());
    expect(loadManifests(viaFast), JSON.stringify(text)).toEqual(loadManifests(precise));
    // Positions too: after the fast parser, they come from a parse of the one document asked about.
    precise.documents().forEach((document, index) => {
      expect(viaFast.documentStart(index), JSON.stringify(text)).toEqual(precise.documentStart(index));
      for (const path of samplePaths(document)) {
        expect(viaFast.locate(index, path), JSON.stringify([text, path])).toEqual(precise.locate(index, path));
        expect(viaFast.plainScalar(index, path), JSON.stringify([text, path])).toEqual(precise.plainScalar(index, path));
      }
    });
  }

  /** Every path in the document (up to 300), and below each a step that does not exist. */
  function samplePaths(value: unknown): (string | number)[][] {
    const paths: (string | number)[][] = [];
    const visit = (node: unknown, path: (string | number)[]): void => {
      if (paths.length >= 300) return;
      paths.push(path, [...path, 'no such key'], [...path, 7]);
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        visit((node as Record<string, unknown>)[key], [...path, Array.isArray(node) ? Number(key) : key]);
      }
    };
    visit(value, []);
    return paths;
  }

  /** Compares `count` generated streams, and each of them mutated once and twice. */
  function compareGenerated(count: number, random: () => number, next: () => string): Counts {
    const counts: Counts = { total: 0, valid: 0, fast: 0, block: 0 };
    for (let index = 0; index < count; index += 1) {
      const text = next();
      compare(text, counts);
      compare(mutate(text, random), counts);
      compare(mutate(mutate(text, random), random), counts);
    }
    return counts;
  }

  it('on generated streams of go-yaml edge cases, and on their mutations and truncations', () => {
    const random = seededRandom(20240601);
    const generator = new YamlGenerator(random);
    const counts = compareGenerated(1000, random, () => generator.stream());
    // Enough of the corpus must take the fast path for the comparison to mean something.
    expect(counts.valid).toBeGreaterThan(counts.total / 5);
    expect(counts.fast).toBeGreaterThan(counts.valid / 3);
  });

  it('on generated block-style streams, and on their mutations and truncations', () => {
    const random = seededRandom(20261122);
    const generator = new YamlGenerator(random, 'block');
    const counts = compareGenerated(500, random, () => generator.blockStream());
    // Tabs, escapes and folded scalars in the edge cases send the rest to js-yaml.
    expect(counts.block).toBeGreaterThan(counts.valid / 4);
  });

  it('on hand-written manifests, their CRLF copies, and mutations and truncations of them', () => {
    const random = seededRandom(7);
    const counts: Counts = { total: 0, valid: 0, fast: 0, block: 0 };
    for (const name of FIXTURES) {
      const text = fixture(name);
      compare(text, counts);
      compare(text.replace(/\n/g, '\r\n'), counts);
      for (let index = 0; index < 150; index += 1) {
        let mutated = text;
        for (let count = 1 + Math.floor(random() * 3); count > 0; count -= 1) mutated = mutate(mutated, random);
        compare(mutated, counts);
      }
    }
    expect(counts.fast).toBeGreaterThan(counts.total / 4);
  });

  it('reads what kustomize writes, and the benchmark corpus, with the line parser', async () => {
    const texts = ['overlays/prod/llm', 'overlays/dev/db', 'apps/staging', 'clusters/prod'].map((target) =>
      execFileSync('kubectl', ['kustomize', target], { encoding: 'utf8' }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'block-parse-corpus-'));
    try {
      await writeCorpus(dir, { resources: 400, seed: 3, invalidRatio: 0.05 });
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) texts.push(readFileSync(join(entry.parentPath, entry.name), 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const text of texts) {
      const block = parseBlockStream(text);
      expect(block).toBeDefined();
      expect(JSON.stringify(block)).toBe(JSON.stringify(new SourceFile('x.yaml', text, { parser: 'precise' }).documents()));
    }
  });

  it('takes the fast path for ordinary manifests', () => {
    for (const name of ['deployment.yaml', 'configmap-block-scalars.yaml', 'list.yaml', 'helm-style.yaml', 'service.json']) {
      expect(parseFast(fixture(name)), name).toBeDefined();
    }
  });
});
