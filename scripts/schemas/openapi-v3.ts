import { transformCrdRoot } from './crd-schema.ts';
import { CUSTOM_RESOURCE, closureHashes } from './generate.ts';
import { GENERATOR_VERSION } from './generator-version.ts';
import { type JsonSchema, isSchemaObject } from './json-schema.ts';
import { OBJECT_META, apiVersionOf, groupVersionKinds, kindKey, transformKubernetesDefinitions } from './kubernetes-definitions.ts';
import { type CrdIndex, type KubernetesIndex, type SchemaDocument, crdFileName } from './output-layout.ts';
import { reachableDefinitions } from './reachable-definitions.ts';
import { shareRepeatedSubschemas } from './share-repeated-subschemas.ts';

/** One group-version's OpenAPI v3 document, as an API server serves it under /openapi/v3/<path>. */
export interface OpenApiV3Document {
  components?: { schemas?: Record<string, unknown> };
}

/** The schemas of one live cluster, laid out as `npm run schemas` lays out the bundled ones. */
export interface LiveSchemaSet {
  kubernetesVersion: string;
  kubernetesIndex: KubernetesIndex;
  kubernetes: SchemaDocument;
  crdIndex: CrdIndex;
  /** File (relative to crds/) -> document. */
  crds: Map<string, SchemaDocument>;
  /** Custom kinds the server serves whose schema could not be read as a CRD's (`apiVersion/kind`), with why. */
  skipped: Array<{ kind: string; reason: string }>;
}

/**
 * A server's OpenAPI v3 documents through the bundled data's generator: built-in group-versions
 * (the groups the bundled index knows as built-in) as Kubernetes definitions
 * (transformKubernetesDefinitions), every other group-version's kinds as custom resources
 * (transformCrdRoot, the path of a CRD's openAPIV3Schema): the server publishes a CRD's structural
 * schema with its value validations, defaults, CEL rules and nullable, metadata as ObjectMeta.
 * All documents are read as one set of definitions, since their `$ref`s cross group-versions.
 * OpenAPI v3 differs from the v2 `definitions` the generator reads only in where definitions live
 * (`#/components/schemas/`) and in wrapping a `$ref` that has siblings in a one-entry `allOf`.
 */
export function schemasFromOpenApiV3(documents: ReadonlyMap<string, OpenApiV3Document>, kubernetesVersion: string, builtInGroups: readonly string[]): LiveSchemaSet {
  const builtIn = new Set(builtInGroups);
  const builtInSource: Record<string, JsonSchema> = {};
  const customRoots: Array<{ name: string; schema: JsonSchema }> = [];
  for (const [documentPath, document] of [...documents].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const group = documentPath === 'api/v1' ? '' : (documentPath.split('/')[1] ?? '');
    const schemas = document.components?.schemas ?? {};
    for (const [name, raw] of Object.entries(schemas)) {
      if (!isSchemaObject(raw)) continue;
      const schema = asDefinitions(raw) as JsonSchema;
      if (builtIn.has(group) || name.startsWith('io.k8s.apimachinery.')) builtInSource[name] ??= withKindEnum(schema);
      else if (groupVersionKinds(schema).some((gvk) => gvk.group === group)) customRoots.push({ name, schema });
    }
  }
  const transformed = transformKubernetesDefinitions(kubernetesVersion, builtInSource);
  const kubernetes: SchemaDocument = {
    generatorVersion: GENERATOR_VERSION,
    ...transformed,
    closureHashes: closureHashes(transformed.definitions, Object.values(transformed.kinds)),
  };
  const objectMeta = reachableDefinitions(transformed.definitions, [OBJECT_META]);
  const crds = new Map<string, SchemaDocument>();
  const crdKinds: Record<string, string> = {};
  const skipped: LiveSchemaSet['skipped'] = [];
  for (const { schema } of customRoots) {
    for (const gvk of groupVersionKinds(schema)) {
      const key = kindKey(apiVersionOf(gvk.group, gvk.version), gvk.kind);
      const properties = isSchemaObject(schema['properties']) ? schema['properties'] : {};
      // A CRD's schema is self-contained but for metadata; a `$ref` elsewhere is a list kind
      // (items of the kind) or an aggregated API's own types, not a custom resource one applies.
      if (hasRef({ ...schema, properties: { ...properties, metadata: {} } })) {
        skipped.push({ kind: `${apiVersionOf(gvk.group, gvk.version)} ${gvk.kind}`, reason: 'its schema refers to other definitions' });
        continue;
      }
      const fileName = crdFileName(gvk.group, gvk.kind, gvk.version);
      const { root, shared } = shareRepeatedSubschemas(transformCrdRoot(withoutGroupVersionKind(schema)));
      const definitions = { [CUSTOM_RESOURCE]: root, ...shared, ...objectMeta };
      crds.set(fileName, { generatorVersion: GENERATOR_VERSION, kinds: { [key]: CUSTOM_RESOURCE }, definitions, closureHashes: closureHashes(definitions, [CUSTOM_RESOURCE]) });
      crdKinds[key] = fileName;
    }
  }
  return {
    kubernetesVersion,
    kubernetesIndex: { generatorVersion: GENERATOR_VERSION, versions: [kubernetesVersion], builtInGroups: [...builtIn].sort() },
    kubernetes,
    crdIndex: { generatorVersion: GENERATOR_VERSION, kinds: Object.fromEntries(Object.entries(crdKinds).sort(([a], [b]) => (a < b ? -1 : 1))), extraSources: [] },
    crds,
    skipped,
  };
}

/** `#/components/schemas/X` -> `#/definitions/X`; `{allOf: [{$ref}], ...}` -> `{$ref, ...}`. */
function asDefinitions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asDefinitions);
  if (!isSchemaObject(node)) return node;
  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === '$ref' && typeof value === 'string') result[keyword] = value.replace(/^#\/components\/schemas\//, '#/definitions/');
    else if (keyword === 'allOf' && Array.isArray(value) && value.length === 1 && isSchemaObject(value[0]) && Object.keys(value[0]).length === 1 && typeof value[0]['$ref'] === 'string') {
      result['$ref'] = (value[0]['$ref']).replace(/^#\/components\/schemas\//, '#/definitions/');
    } else result[keyword] = asDefinitions(value);
  }
  return result;
}

/**
 * A kind's `kind` field holds its kind: the bundled definitions say so with an `enum` (the v3
 * documents leave it out), so the same kind gets the same schema, and compiled validator, from both.
 */
function withKindEnum(schema: JsonSchema): JsonSchema {
  const kinds = [...new Set(groupVersionKinds(schema).map((gvk) => gvk.kind))];
  const properties = schema['properties'];
  if (kinds.length === 0 || !isSchemaObject(properties) || !isSchemaObject(properties['kind'])) return schema;
  return { ...schema, properties: { ...properties, kind: { ...properties['kind'], enum: kinds } } };
}

function hasRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasRef);
  if (!isSchemaObject(node)) return false;
  return typeof node['$ref'] === 'string' || Object.values(node).some(hasRef);
}

function withoutGroupVersionKind(schema: JsonSchema): JsonSchema {
  const { 'x-kubernetes-group-version-kind': _gvk, ...rest } = schema;
  return rest;
}

