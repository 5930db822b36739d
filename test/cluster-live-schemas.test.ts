import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledBuiltInGroups, schemasFromOpenApiV3 as liveSchemaSet, type OpenApiV3Document } from '../scripts/validate/index.ts';
import { isSchemaObject, type JsonSchema } from '../scripts/schemas/json-schema.ts';
import type { SchemaDocument } from '../scripts/schemas/output-layout.ts';
import { readCrdVersions } from '../scripts/schemas/read-crds.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * A v2 definition as the API server serves it in OpenAPI v3: refs under #/components/schemas/,
 * and a `$ref` with siblings wrapped in a one-entry allOf (kube-openapi's v3 builder).
 */
function asServed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asServed);
  if (!isSchemaObject(node)) return node;
  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword !== '$ref' || typeof value !== 'string') result[keyword] = asServed(value);
  }
  const ref = node['$ref'];
  if (typeof ref !== 'string') return result;
  const served = ref.replace('#/definitions/', '#/components/schemas/');
  return Object.keys(result).length === 0 ? { $ref: served } : { ...result, description: 'documented', allOf: [{ $ref: served }] };
}

/** The bundled 1.36 definitions, served as one v3 document per group-version would (here: all in api/v1 and apps/v1). */
function servedKubernetes(): Map<string, OpenApiV3Document> {
  const definitions = (JSON.parse(readFileSync(path.join(sharedDir, 'kubernetes-openapi', 'v1.36.json'), 'utf8')) as { definitions: Record<string, JsonSchema> }).definitions;
  const schemas: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const served = asServed(definition) as JsonSchema;
    // The served v3 documents carry no enum on `kind`; the bundled data has one.
    const properties = served['properties'];
    if (isSchemaObject(properties) && isSchemaObject(properties['kind'])) {
      const { enum: _enum, ...kind } = properties['kind'];
      served['properties'] = { ...properties, kind };
    }
    schemas[name] = served;
  }
  return new Map([['api/v1', { components: { schemas } }]]);
}

/** A CRD version as the server publishes it: its structural schema, metadata as ObjectMeta, the group-version-kind, and a list kind. */
function servedCrd(file: string, kind: string): [string, OpenApiV3Document] {
  const crd = readCrdVersions(file, () => {}).find((version) => version.kind === kind)!;
  const name = `io.example.${crd.version}.${crd.kind}`;
  const properties = isSchemaObject(crd.schema['properties']) ? crd.schema['properties'] : {};
  const root = { ...crd.schema, properties: { ...properties, metadata: { description: 'Standard object metadata', allOf: [{ $ref: `#/components/schemas/${objectMeta}` }] } }, 'x-kubernetes-group-version-kind': [{ group: crd.group, version: crd.version, kind: crd.kind }] };
  const list = {
    type: 'object',
    properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${name}` } } },
    'x-kubernetes-group-version-kind': [{ group: crd.group, version: crd.version, kind: `${crd.kind}List` }],
  };
  return [`apis/${crd.group}/${crd.version}`, { components: { schemas: { [name]: root, [`${name}List`]: list } } }];
}

function bundled(file: string): SchemaDocument {
  return JSON.parse(readFileSync(path.join(repoRoot, 'schemas', file), 'utf8')) as SchemaDocument;
}

describe('live schemas: the server\'s OpenAPI v3 documents through the bundled generator', () => {
  it('gives every built-in kind the schema the bundled data gives it (same closure hash, so the same compiled validator)', () => {
    const set = liveSchemaSet(servedKubernetes(), '1.36', bundledBuiltInGroups());
    const expected = bundled('kubernetes/1.36.json');
    expect(Object.keys(set.kubernetes.kinds).sort()).toEqual(Object.keys(expected.kinds).sort());
    for (const [key, definition] of Object.entries(expected.kinds)) {
      expect(set.kubernetes.closureHashes?.[set.kubernetes.kinds[key]!], key).toBe(expected.closureHashes?.[definition]);
    }
    expect(set.kubernetesIndex).toMatchObject({ versions: ['1.36'] });
  });

  it('reads a group-version outside the built-in groups as CRDs: the same schema as the bundled CRD, list kinds left out', () => {
    const documents = servedKubernetes();
    documents.set(...servedCrd(path.join(sharedDir, 'argocd-crds', 'application-crd.yaml'), 'Application'));
    documents.set(...servedCrd(path.join(sharedDir, 'external-secrets-crds', 'externalsecrets-crd.yaml'), 'ExternalSecret'));
    const set = liveSchemaSet(documents, '1.36', bundledBuiltInGroups());
    expect(set.crdIndex.kinds).toEqual({ 'argoproj.io/v1alpha1/Application': 'argoproj.io/application_v1alpha1.json', 'external-secrets.io/v1/ExternalSecret': 'external-secrets.io/externalsecret_v1.json' });
    for (const file of Object.values(set.crdIndex.kinds)) {
      expect(set.crds.get(file)?.closureHashes?.['customResource'], file).toBe(bundled(`crds/${file}`).closureHashes?.['customResource']);
    }
    expect(set.skipped.map((entry) => entry.kind).sort()).toEqual(['argoproj.io/v1alpha1 ApplicationList', 'external-secrets.io/v1 ExternalSecretList']);
  });
});
