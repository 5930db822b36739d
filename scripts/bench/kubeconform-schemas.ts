import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

type Schema = Record<string, unknown>;

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface KubeconformSchemas {
  /** The `-schema-location` template that finds these files. */
  location: string;
  /** The `-kubernetes-version` that template needs (kubeconform takes x.y.z only). */
  kubernetesVersion: string;
  files: number;
  /** Kinds left out because their types are recursive and cannot be inlined. */
  recursive: string[];
}

/** The layout of kubeconform's default registry, under our own directory. */
const locationTemplate = '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json';
const crdFolders = ['argocd-crds', 'external-secrets-crds'];

/**
 * kubeconform's schemas, generated from the same ../shared definitions and CRDs the toolkit's
 * schemas come from, in the form kubeconform's users download with `-strict` (its default
 * registry's `-standalone-strict` files, made by openapi2jsonschema): one file per kind and API
 * version, named as kubeconform's location template expects; every `$ref` inlined; `apiVersion`
 * and `kind` limited to the kind's own; every schema that declares `properties` closed with
 * `additionalProperties: false`, the root of custom resources included. The Kubernetes
 * definitions already give IntOrString and Quantity as `oneOf`, as openapi2jsonschema writes them.
 */
export async function writeKubeconformSchemas(sharedDir: string, kubernetesVersion: string, outDir: string): Promise<KubeconformSchemas> {
  const fullVersion = `${kubernetesVersion}.0`;
  const dir = join(outDir, `v${fullVersion}-standalone-strict`);
  await mkdir(dir, { recursive: true });
  const files = new Map<string, Schema>();
  const recursive: string[] = [];

  const openapiFile = join(sharedDir, 'kubernetes-openapi', `v${kubernetesVersion}.json`);
  const { definitions } = JSON.parse(await readFile(openapiFile, 'utf8')) as { definitions: Record<string, Schema> };
  for (const definition of Object.values(definitions)) {
    const kinds = groupVersionKinds(definition);
    if (kinds.length > 0) limitTypeMeta(definition, kinds);
    closeObjects(definition);
  }
  const inliner = new RefInliner(definitions);
  for (const [name, definition] of Object.entries(definitions)) {
    const kinds = groupVersionKinds(definition);
    if (kinds.length === 0) continue;
    let schema: Schema;
    try {
      schema = inliner.inline(definition, [name]);
    } catch (error) {
      if (!(error instanceof RecursiveType)) throw error;
      recursive.push(name);
      continue;
    }
    // What openapi2jsonschema writes; kubeconform's compiler reads it as the latest draft.
    const file = { $schema: 'http://json-schema.org/schema#', ...schema };
    for (const gvk of kinds) {
      const fileName = schemaFileName(gvk);
      if (!files.has(fileName)) files.set(fileName, file);
    }
  }

  for (const folder of crdFolders) {
    for (const entry of (await readdir(join(sharedDir, folder))).filter((name) => /\.ya?ml$/.test(name)).sort()) {
      for (const [fileName, schema] of crdSchemas(await readFile(join(sharedDir, folder, entry), 'utf8'))) files.set(fileName, schema);
    }
  }

  for (const [fileName, schema] of files) await writeFile(join(dir, fileName), JSON.stringify(schema));
  return { location: join(outDir, locationTemplate), kubernetesVersion: fullVersion, files: files.size, recursive };
}

/** `deployment-apps-v1.json`, `configmap-v1.json`: kubeconform's kind, then the group's first label, then the version. */
function schemaFileName({ group, version, kind }: GroupVersionKind): string {
  const suffix = group === '' ? `-${version}` : `-${group.split('.')[0]!}-${version}`;
  return `${kind}${suffix}.json`.toLowerCase();
}

function groupVersionKinds(definition: Schema): GroupVersionKind[] {
  return (definition['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? [];
}

/** `apiVersion` and `kind` take only the values of this definition's kinds. */
function limitTypeMeta(definition: Schema, kinds: readonly GroupVersionKind[]): void {
  const properties = definition.properties as Record<string, Schema> | undefined;
  if (!properties) return;
  const add = (property: string, value: string) => {
    const schema = properties[property];
    if (!schema) return;
    const values = (schema.enum as string[] | undefined) ?? [];
    if (!values.includes(value)) schema.enum = [...values, value];
  };
  for (const { group, version, kind } of kinds) {
    add('apiVersion', group === '' ? version : `${group}/${version}`);
    add('kind', kind);
  }
}

/**
 * `additionalProperties: false` on every schema that declares `properties` and says nothing of
 * others, walking schema positions only (a field may be named `properties`).
 */
function closeObjects(schema: unknown): void {
  if (!isSchema(schema)) return;
  if (isSchema(schema.properties) && !('additionalProperties' in schema)) schema.additionalProperties = false;
  for (const child of subschemas(schema)) closeObjects(child);
}

function* subschemas(schema: Schema): Generator<unknown> {
  if (isSchema(schema.properties)) yield* Object.values(schema.properties);
  if (isSchema(schema.additionalProperties)) yield schema.additionalProperties;
  if (Array.isArray(schema.items)) yield* schema.items;
  else yield schema.items;
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[keyword])) yield* schema[keyword] as unknown[];
  yield schema.not;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class RecursiveType extends Error {}

/** Replaces every `#/definitions/…` reference with the definition itself; a type that contains itself throws. */
class RefInliner {
  private readonly done = new Map<string, Schema>();

  constructor(private readonly definitions: Record<string, Schema>) {}

  inline(schema: Schema, path: readonly string[]): Schema {
    return this.copy(schema, path) as Schema;
  }

  private copy(value: unknown, path: readonly string[]): unknown {
    if (Array.isArray(value)) return value.map((item) => this.copy(item, path));
    if (!isSchema(value)) return value;
    const ref = value.$ref;
    if (typeof ref === 'string') {
      const { $ref: _, ...siblings } = value;
      return { ...this.resolve(ref, path), ...(this.copy(siblings, path) as Schema) };
    }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.copy(child, path)]));
  }

  private resolve(ref: string, path: readonly string[]): Schema {
    const name = ref.replace(/^#\/definitions\//, '');
    const known = this.done.get(name);
    if (known) return known;
    if (path.includes(name)) throw new RecursiveType(name);
    const definition = this.definitions[name];
    if (!definition) throw new Error(`unresolved $ref ${ref}`);
    const inlined = this.inline(definition, [...path, name]);
    this.done.set(name, inlined);
    return inlined;
  }
}

interface CustomResourceDefinition {
  kind?: string;
  spec?: { group: string; names: { kind: string }; versions?: { name: string; schema?: { openAPIV3Schema?: Schema } }[] };
}

/**
 * Each version's `openAPIV3Schema` of the CRDs in one file, closed from the root down. No
 * `$schema`, as kubeconform's own CRD converter writes them: its compiler then takes draft 4.
 */
function crdSchemas(text: string): [fileName: string, schema: Schema][] {
  const result: [string, Schema][] = [];
  for (const document of loadAll(text)) {
    const crd = document as CustomResourceDefinition | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    const { group, names, versions = [] } = crd.spec;
    for (const version of versions) {
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) continue;
      closeObjects(schema);
      result.push([schemaFileName({ group, version: version.name, kind: names.kind }), schema]);
    }
  }
  return result;
}
