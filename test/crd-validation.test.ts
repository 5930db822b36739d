/**
 * CRD validation beyond the OpenAPI structure: x-kubernetes-validations (CEL) rules and the
 * formats apiextensions validates. The expected verdicts of the Widget fixture and of the format
 * values were taken from apiextensions-apiserver v0.36.3 and kube-openapi themselves (see
 * test/fixtures/crd-validation/widget-cases.ts).
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidation } from '../scripts/pipeline/run-validation.ts';
import { generateSchemas } from '../scripts/schemas/generate.ts';
import { crdFormatName } from '../scripts/schemas/crd-formats.ts';
import { fieldPathSegments } from '../scripts/validate/cel/index.ts';
import { regexProblem } from '../scripts/validate/cel/portability.ts';
import { createSchemaValidator, describeUnevaluatedRules, type SchemaFinding, type SchemaValidator } from '../scripts/validate/index.ts';
import { celCases, formatFieldCases, widget } from './fixtures/crd-validation/widget-cases.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join('test', 'fixtures', 'crd-validation');
const V = '1.36';

let schemasDir: string;
let widgets: SchemaValidator;
beforeAll(() => {
  schemasDir = mkdtempSync(path.join(tmpdir(), 'crd-validation-test-'));
  generateSchemas({
    repoRoot,
    sharedDir: path.resolve(repoRoot, '..', 'shared'),
    outDir: schemasDir,
    extraCrdFiles: [path.join(repoRoot, fixtures, 'widget-crd.yaml')],
    warn: () => {},
  });
  widgets = createSchemaValidator({ schemasDir, cacheDir: false });
});
afterAll(() => rmSync(schemasDir, { recursive: true, force: true }));

const summarize = (findings: SchemaFinding[]): [string, string][] => findings.map(({ pointer, message }) => [pointer, message]);

describe('CEL rules of a CRD (Widget fixture)', () => {
  it.each(celCases.map((entry) => [entry.description, entry] as const))('%s', (_, entry) => {
    const findings = widgets.validate(widget(entry.spec), V);
    expect(summarize(findings)).toEqual(entry.findings);
    for (const finding of findings) expect(finding.keyword === 'cel').toBe(finding.message.includes("the CRD's x-kubernetes-validations rule"));
  });

  it('runs CEL only on what the schema accepted: a type error is reported once, by the schema', () => {
    expect(summarize(widgets.validate(widget({ replicas: 'three', minReplicas: 5 }), V))).toEqual([
      ['/spec/replicas', 'expected integer, got string "three"'],
    ]);
  });

  it('counts the rules it did not evaluate, per kind, rule and reason, and never reports them', () => {
    const validator = createSchemaValidator({ schemasDir, cacheDir: false });
    expect(validator.unevaluatedCelRules()).toEqual([]);
    for (const id of ['a', 'b']) validator.validate(widget({ id, size: '1Gi' }), V);
    const counts = validator.unevaluatedCelRules();
    expect(counts.map(({ kind, rule, count, pointer }) => ({ kind, rule, count, pointer }))).toEqual([
      { kind: 'fixtures.test/v1 Widget', rule: "quantity(self).isLessThan(quantity('10Gi'))", count: 2, pointer: '/spec/size' },
      { kind: 'fixtures.test/v1 Widget', rule: 'self == oldSelf', count: 2, pointer: '/spec/id' },
    ]);
    expect(counts[0]!.reason).toMatch(/^does not compile here: /);
    expect(counts[1]!.reason).toBe('transition rule (oldSelf): the API server runs it on update only');
    const lines = describeUnevaluatedRules(counts);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('CRD CEL rules not evaluated (never reported as findings): 2 rule(s), 4 time(s)');
    expect(lines[2]).toBe('  fixtures.test/v1 Widget: "self == oldSelf" at /spec/id and 1 more: transition rule (oldSelf): the API server runs it on update only');
    expect(describeUnevaluatedRules([])).toEqual([]);
  });

  it('remembers the verdicts on a batch by its text: a later validator answers from the cache, unevaluated rules included', () => {
    const cacheRoot = mkdtempSync(path.join(tmpdir(), 'verdicts-'));
    const previous = process.env.VALIDATE_CACHE_DIR;
    process.env.VALIDATE_CACHE_DIR = cacheRoot;
    try {
      const verdictCacheDir = path.join(cacheRoot, 'verdicts');
      const objects = [widget({ id: 'a', size: '1Gi' }), widget({ replicas: 'three' })];
      const text = 'the rendered text the objects were read from';
      const first = createSchemaValidator({ schemasDir, cacheDir: false, verdictCacheDir });
      const answered = first.validateBatch(objects, V, text);
      expect(answered).toEqual(objects.map((object) => widgets.validate(object, V)));
      const entries = readdirSync(verdictCacheDir);
      expect(entries).toHaveLength(1);
      const written = statSync(path.join(verdictCacheDir, entries[0]!)).mtimeMs;

      const later = createSchemaValidator({ schemasDir, cacheDir: false, verdictCacheDir });
      expect(later.validateBatch(objects, V, text)).toEqual(answered);
      expect(statSync(path.join(verdictCacheDir, entries[0]!)).mtimeMs).toBe(written); // a hit, not written again
      expect(later.unevaluatedCelRules()).toEqual(first.unevaluatedCelRules());
      expect(later.unevaluatedCelRules()).not.toEqual([]);

      // Another text (or Kubernetes version) is another entry; a damaged entry is a miss, answered anew.
      expect(later.validateBatch(objects, V, `${text}.`)).toEqual(answered);
      expect(readdirSync(verdictCacheDir)).toHaveLength(2);
      writeFileSync(path.join(verdictCacheDir, entries[0]!), '{"key":"forged","verdict":{"findings":[[],[]],"unevaluated":[]}}');
      expect(createSchemaValidator({ schemasDir, cacheDir: false, verdictCacheDir }).validateBatch(objects, V, text)).toEqual(answered);
    } finally {
      if (previous === undefined) delete process.env.VALIDATE_CACHE_DIR;
      else process.env.VALIDATE_CACHE_DIR = previous;
      rmSync(cacheRoot, { recursive: true, force: true });
    }
  });

  it('does not evaluate what the two CEL implementations may read differently, and says why', () => {
    const validator = createSchemaValidator({ schemasDir, cacheDir: false });
    validator.validate(widget({ code: 'é', word: 'abc' }), V);
    expect(validator.unevaluatedCelRules().map(({ rule, reason, pointer }) => ({ rule, reason, pointer }))).toEqual([
      { rule: "self.matches('^[[:alpha:]]+$')", reason: 'RE2 and JavaScript may read its regular expression differently (a POSIX class)', pointer: '/spec/word' },
      { rule: "self.matches('^[a-z]+$')", reason: 'string functions are evaluated on printable-ASCII text only here (cel-go reads UTF-8 code points, this library UTF-16)', pointer: '/spec/code' },
    ]);
  });

  it.each([
    ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', undefined],
    ['^(http|https)://[^/]+\\.example\\.com$', undefined],
    ['\\d+\\s\\w\\x41', undefined],
    ['[[:alpha:]]', 'a POSIX class'],
    ['\\pL', 'the escape \\p'],
    ['abc\\z', 'the escape \\z'],
    ['(?i)abc', 'a (? group or flag'],
    ['(?P<name>a)', 'a (? group or flag'],
    ['[]a]', 'a ] first in a class'],
    ['[\\b]', 'the escape \\b'],
  ])('regular expression %s: %s', (pattern, problem) => {
    expect(regexProblem(pattern)).toBe(problem);
  });

  it('reads fieldPath as the API server does', () => {
    expect(fieldPathSegments('.host')).toEqual(['host']);
    expect(fieldPathSegments(".spec['a.b'].c")).toEqual(['spec', 'a.b', 'c']);
    expect(fieldPathSegments(".x-y.z_1")).toEqual(['x-y', 'z_1']);
    expect(fieldPathSegments("['it\\'s']")).toEqual(["it's"]);
    expect(fieldPathSegments('')).toEqual([]);
    for (const unreadable of ['host', '.a[0]', "['a'", "['a\\q']", '.a.', '[a]']) expect(fieldPathSegments(unreadable)).toBeUndefined();
  });
});

describe('CEL rules of the bundled External Secrets CRDs, located in the file', () => {
  it('reports each broken rule and format at its field, valid stores silent', async () => {
    const file = path.join(fixtures, 'secret-stores.yaml');
    const result = await runValidation({ paths: [file], cwd: repoRoot, ignoreMissingSchemas: false, inlineExemptions: true, cache: false, parser: 'fast' });
    expect(result.summary.resources).toBe(4);
    expect(result.diagnostics.map(({ ruleId, severity, file, line, pointer, object, message }) => ({ ruleId, severity, file, line, pointer, name: object?.name, message }))).toEqual([
      {
        ruleId: 'schema', severity: 'error', file, line: 25, pointer: '/spec/provider/openBao/auth', name: 'two-auth-methods',
        message: 'exactly one of the fields in [appRole tokenSecretRef userPass] must be set (the CRD\'s x-kubernetes-validations rule "[has(self.appRole),has(self.tokenSecretRef),has(self.userPass)].filter(x,x==true).size() == 1" is false)',
      },
      {
        ruleId: 'schema', severity: 'error', file, line: 45, pointer: '/spec/provider/aws/customSessionTags', name: 'reserved-tags',
        message: 'customSessionTags cannot contain automatically injected reserved keys: esoNamespace, esoStoreName, esoStoreKind (the CRD\'s x-kubernetes-validations rule "!(\'esoNamespace\' in self) && !(\'esoStoreName\' in self) && !(\'esoStoreKind\' in self)" is false)',
      },
      {
        ruleId: 'schema', severity: 'error', file, line: 57, pointer: '/spec/provider/vault/caBundle', name: 'wrapped-ca-bundle',
        message: 'must be base64-encoded data (whole groups of four characters, no line breaks), got string "aGVsbG8g\\nd29ybGQ="',
      },
    ]);
  });

  it('evaluates every one of their rules (none is left unevaluated)', () => {
    const validator = createSchemaValidator({ cacheDir: false });
    const store = (kind: string, provider: Record<string, unknown>) => ({ apiVersion: 'external-secrets.io/v1', kind, metadata: { name: 's', namespace: 'n' }, spec: { provider } });
    const ref = { name: 'a', key: 'b' };
    const providers: Record<string, unknown>[] = [
      { openBao: { server: 'https://b', auth: { appRole: { path: 'approle', roleId: 'r', secretRef: ref } } } },
      { aws: { service: 'SecretsManager', region: 'eu', customSessionTags: { team: 'x' } } },
      { doppler: { auth: { secretRef: { dopplerToken: ref } } } },
      { pulumi: { organization: 'o', project: 'p', environment: 'e', auth: { accessToken: { secretRef: ref } } } },
    ];
    for (const kind of ['SecretStore', 'ClusterSecretStore']) {
      for (const provider of providers) expect(summarize(validator.validate(store(kind, provider), V))).toEqual([]);
    }
    expect(validator.unevaluatedCelRules()).toEqual([]);
  });

  it('a caBundle in the standard base64 alphabet: cel-go cannot read it as bytes and refuses a rule reading it; here has() sees it, other uses stay silent', () => {
    const validator = createSchemaValidator({ cacheDir: false });
    const openBao = { server: 'https://b', caBundle: 'LS0t+/8=', caProvider: { name: 'c', type: 'Secret' }, auth: { tokenSecretRef: { name: 'a', key: 'b' } } };
    const object = { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 's', namespace: 'n' }, spec: { provider: { openBao } } };
    expect(summarize(validator.validate(object, V))).toEqual([
      ['/spec/provider/openBao', 'at most one of the fields in [caBundle caProvider] may be set (the CRD\'s x-kubernetes-validations rule "[has(self.caBundle),has(self.caProvider)].filter(x,x==true).size() <= 1" is false)'],
    ]);
  });
});

describe('CRD formats as apiextensions validates them', () => {
  it.each(formatFieldCases.map(([format, value, valid]) => [format, JSON.stringify(value), valid, value] as const))(
    '%s %s valid: %s',
    (format, _, valid, value) => {
      const findings = widgets.validate(widget({ formats: { [format]: value } }), V);
      if (valid) {
        expect(findings).toEqual([]);
      } else {
        expect(findings.map(({ pointer, keyword }) => ({ pointer, keyword }))).toEqual([{ pointer: `/spec/formats/${format}`, keyword: 'format' }]);
        expect(findings[0]!.message).toMatch(/^must be /);
      }
    },
  );

  it('keeps the formats the API server keeps for the field type, and drops the others', () => {
    expect(crdFormatName('date-time', 'string')).toBe('crd-datetime');
    expect(crdFormatName('datetime', undefined)).toBe('crd-datetime');
    expect(crdFormatName('k8s-short-name', 'string')).toBe('crd-k8sshortname');
    expect(crdFormatName('int32', 'integer')).toBe('crd-int32');
    expect(crdFormatName('float', 'number')).toBe('crd-float');
    expect(crdFormatName('int32', 'string')).toBeUndefined();
    expect(crdFormatName('int32', 'number')).toBeUndefined();
    expect(crdFormatName('uri', 'integer')).toBeUndefined();
    expect(crdFormatName('byte', 'array')).toBeUndefined();
    expect(crdFormatName('color', 'string')).toBeUndefined();
  });

  it('leaves built-in kinds with their decoder formats: a wrapped base64 Secret value still decodes', () => {
    const validator = createSchemaValidator({ cacheDir: false });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { key: 'aGVsbG8g\nd29ybGQ=' } };
    expect(validator.validate(secret, V)).toEqual([]);
  });
});
