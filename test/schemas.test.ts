import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchemas, type GenerateSummary } from '../scripts/schemas/generate.ts';
import type { CrdIndex, KubernetesIndex, SchemaDocument } from '../scripts/schemas/output-layout.ts';
import { isSchemaObject, schemaTypes, type JsonSchema } from '../scripts/schemas/json-schema.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const committedDir = path.join(repoRoot, 'schemas');
const fixtureCrd = path.join(repoRoot, 'test', 'fixtures', 'schema', 'gadget-crd.yaml');
const temporaryDirs: string[] = [];

function temporaryDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'schemas-test-'));
  temporaryDirs.push(dir);
  return dir;
}

function generate(outDir: string, extraCrdFiles: string[] = []): { summary: GenerateSummary; warnings: string[] } {
  const warnings: string[] = [];
  const summary = generateSchemas({ repoRoot, sharedDir, outDir, extraCrdFiles, warn: (m) => warnings.push(m) });
  return { summary, warnings };
}

/** Every generated file under kubernetes/ and crds/, relative path -> bytes. */
function generatedFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const sub of ['kubernetes', 'crds']) {
    for (const entry of readdirSync(path.join(dir, sub), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, file), readFileSync(file, 'utf8'));
    }
  }
  return files;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Calls `visit` on every schema node of a document (not on data such as enum values). */
function walkSchemas(node: unknown, visit: (schema: JsonSchema) => void): void {
  if (Array.isArray(node)) {
    node.forEach((entry) => walkSchemas(entry, visit));
    return;
  }
  if (!isSchemaObject(node)) return;
  visit(node);
  for (const keyword of ['items', 'additionalProperties', 'not']) walkSchemas(node[keyword], visit);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) walkSchemas(node[keyword], visit);
  if (isSchemaObject(node['properties'])) Object.values(node['properties']).forEach((child) => walkSchemas(child, visit));
}

let first: string;
let firstRun: { summary: GenerateSummary; warnings: string[] };

beforeAll(() => {
  first = temporaryDir();
  const committedExtras = readJson<CrdIndex>(path.join(committedDir, 'crds', 'index.json')).extraSources;
  firstRun = generate(first, committedExtras.map((file) => path.resolve(repoRoot, file)));
});

afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm run schemas', () => {
  it('is deterministic: a second output directory gets the same bytes, a re-run writes nothing', () => {
    const second = temporaryDir();
    generate(second, readJson<CrdIndex>(path.join(first, 'crds', 'index.json')).extraSources.map((f) => path.resolve(repoRoot, f)));
    expect(generatedFiles(second)).toEqual(generatedFiles(first));
    const rerun = generate(first);
    expect(rerun.summary.written).toEqual([]);
    expect(rerun.summary.removed).toEqual([]);
  });

  it('matches the committed schemas/ (run npm run schemas and commit if this fails)', () => {
    const generated = generatedFiles(first);
    const committed = generatedFiles(committedDir);
    expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [file, content] of generated) expect(committed.get(file), file).toBe(content);
  });

  it('writes one file per Kubernetes version with a kind index, and the built-in groups', () => {
    const index = readJson<KubernetesIndex>(path.join(first, 'kubernetes', 'index.json'));
    expect(index.versions).toEqual(['1.33', '1.34', '1.35', '1.36']);
    expect(index.builtInGroups).toEqual(expect.arrayContaining(['', 'apps', 'batch', 'policy', 'extensions', 'networking.k8s.io']));
    const v136 = readJson<SchemaDocument>(path.join(first, 'kubernetes', '1.36.json'));
    expect(v136.kinds['apps/v1/Deployment']).toBe('io.k8s.api.apps.v1.Deployment');
    expect(v136.kinds['v1/Pod']).toBe('io.k8s.api.core.v1.Pod');
    expect(v136.kinds['resource.k8s.io/v1/ResourceClaim']).toBeDefined();
    const v133 = readJson<SchemaDocument>(path.join(first, 'kubernetes', '1.33.json'));
    expect(v133.kinds['resource.k8s.io/v1/ResourceClaim']).toBeUndefined();
    for (const [file, text] of generatedFiles(first)) {
      expect(text.endsWith('}\n'), file).toBe(true);
      if (file.endsWith('index.json')) continue;
      const keywords = new Set<string>();
      walkSchemas(Object.values((JSON.parse(text) as SchemaDocument).definitions), (schema) => {
        for (const keyword of Object.keys(schema)) keywords.add(keyword);
      });
      for (const dropped of ['$schema', 'description', 'x-kubernetes-group-version-kind', 'nullable', 'default']) {
        expect(keywords.has(dropped), `${file}: ${dropped}`).toBe(false);
      }
    }
  });

  it('closes every object that declares properties, unless it preserves unknown fields', () => {
    for (const [file, text] of generatedFiles(first)) {
      if (file.endsWith('index.json')) continue;
      const document = JSON.parse(text) as SchemaDocument;
      walkSchemas(Object.values(document.definitions), (schema) => {
        if (schema['properties'] === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true) return;
        // Branches of allOf/anyOf/oneOf only add constraints; they are not objects of their own.
        if (schemaTypes(schema).length === 0) return;
        expect(schema['additionalProperties'], file).toBeDefined();
      });
    }
  });

  it('writes quantities and int-or-strings as one typed schema with the grammar, never a oneOf', () => {
    const definitions = readJson<SchemaDocument>(path.join(first, 'kubernetes', '1.36.json')).definitions;
    const rollingUpdate = definitions['io.k8s.api.apps.v1.RollingUpdateDeployment']!['properties'] as Record<string, JsonSchema>;
    expect(rollingUpdate['maxSurge']).toEqual({ type: ['integer', 'string', 'null'], pattern: '^[0-9]+%$' });
    const servicePort = definitions['io.k8s.api.core.v1.ServicePort']!['properties'] as Record<string, JsonSchema>;
    expect(servicePort['targetPort']!['pattern']).toContain('[a-z]');
    const requests = (definitions['io.k8s.api.core.v1.ResourceRequirements']!['properties'] as Record<string, JsonSchema>)['requests']!;
    expect((requests['additionalProperties'] as JsonSchema)['type']).toEqual(['number', 'string']);
    walkSchemas(Object.values(definitions), (schema) => expect(schema['oneOf']).toBeUndefined());
    expect(definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toBeUndefined();
  });

  it('records list-map keys with the defaults the API applies to missing keys', () => {
    const definitions = readJson<SchemaDocument>(path.join(first, 'kubernetes', '1.36.json')).definitions;
    const ports = (definitions['io.k8s.api.core.v1.Container']!['properties'] as Record<string, JsonSchema>)['ports']!;
    expect(ports['x-kubernetes-list-map-keys']).toEqual(['containerPort', 'protocol']);
    expect(ports['x-list-map-key-defaults']).toEqual({ protocol: 'TCP' });
    const finalizers = (definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!['properties'] as Record<string, JsonSchema>)['finalizers']!;
    expect(finalizers['uniqueItems']).toBe(true);
  });

  it('shares repeated CRD subschemas instead of repeating them (ApplicationSet stays small)', () => {
    const applicationSet = readFileSync(path.join(first, 'crds', 'argoproj.io', 'applicationset_v1alpha1.json'), 'utf8');
    expect(applicationSet.length).toBeLessThan(200_000);
    expect(applicationSet).toContain('"$ref":"#/definitions/shared.');
  });

  it('adds CRDs given as arguments, remembers them, and keeps them on a run without arguments', () => {
    const dir = temporaryDir();
    generate(dir, [fixtureCrd]);
    const index = readJson<CrdIndex>(path.join(dir, 'crds', 'index.json'));
    expect(index.extraSources).toEqual(['test/fixtures/schema/gadget-crd.yaml']);
    expect(index.kinds['fixtures.test/v1/Gadget']).toBe('fixtures.test/gadget_v1.json');
    // The unserved v1alpha1 is not bundled.
    expect(index.kinds['fixtures.test/v1alpha1/Gadget']).toBeUndefined();
    const rerun = generate(dir);
    expect(rerun.summary.written).toEqual([]);
    expect(rerun.summary.crdKinds).toContain('fixtures.test/v1/Gadget');
  });

  it('reports no warnings on the shared inputs', () => {
    expect(firstRun.warnings).toEqual([]);
  });
});
