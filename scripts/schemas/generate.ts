import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION } from './generator-version.ts';
import type { JsonSchema } from './json-schema.ts';
import { stableStringify } from './stable-json.ts';
import { removeStaleJson, writeIfChanged } from './write-output.ts';
import {
  OBJECT_META,
  apiVersionOf,
  groupVersionKinds,
  kindKey,
  transformKubernetesDefinitions,
} from './kubernetes-definitions.ts';
import { transformCrdRoot } from './crd-schema.ts';
import { type CrdVersion, readCrdVersions } from './read-crds.ts';
import { reachableDefinitions } from './reachable-definitions.ts';
import { shareRepeatedSubschemas } from './share-repeated-subschemas.ts';
import { removedApis } from './removed-apis.ts';
import {
  CRDS_DIR,
  type CrdIndex,
  INDEX_FILE,
  KUBERNETES_DIR,
  type KubernetesIndex,
  type SchemaDocument,
  crdFileName,
} from './output-layout.ts';

export interface GenerateOptions {
  repoRoot: string;
  /** The folder with kubernetes-openapi/, argocd-crds/, external-secrets-crds/. */
  sharedDir: string;
  /** Where `kubernetes/` and `crds/` are written (the repository's `schemas/`). */
  outDir: string;
  /** Additional CRD YAML files (paths as given, resolved against the current directory). */
  extraCrdFiles: readonly string[];
  warn: (message: string) => void;
}

export interface GenerateSummary {
  kubernetesVersions: string[];
  crdKinds: string[];
  written: string[];
  removed: string[];
}

const SHARED_CRD_DIRS = ['argocd-crds', 'external-secrets-crds'];
const OPENAPI_VERSION_FILE = /^v(\d+)\.(\d+)\.json$/;

/** Generates every schema file; returns what was written (only files whose bytes changed). */
export function generateSchemas(options: GenerateOptions): GenerateSummary {
  const written: string[] = [];
  const produced = new Set<string>();
  const emit = (file: string, value: unknown): void => {
    produced.add(path.resolve(file));
    if (writeIfChanged(file, stableStringify(value))) written.push(file);
  };

  const kubernetesDir = path.join(options.outDir, KUBERNETES_DIR);
  const versionFiles = listKubernetesVersions(path.join(options.sharedDir, 'kubernetes-openapi'));
  const groups = new Set<string>(removedApis.map((entry) => groupOf(entry.apiVersion)));
  let newestObjectMeta: Record<string, JsonSchema> = {};
  for (const { version, file } of versionFiles) {
    const source = (JSON.parse(readFileSync(file, 'utf8')) as { definitions: Record<string, JsonSchema> })
      .definitions;
    for (const definition of Object.values(source)) {
      for (const gvk of groupVersionKinds(definition)) groups.add(gvk.group);
    }
    const transformed = transformKubernetesDefinitions(version, source);
    const document: SchemaDocument = {
      generatorVersion: GENERATOR_VERSION,
      ...transformed,
      closureHashes: closureHashes(transformed.definitions, Object.values(transformed.kinds)),
    };
    emit(path.join(kubernetesDir, `${version}.json`), document);
    newestObjectMeta = reachableDefinitions(transformed.definitions, [OBJECT_META]);
  }
  const kubernetesIndex: KubernetesIndex = {
    generatorVersion: GENERATOR_VERSION,
    versions: versionFiles.map(({ version }) => version),
    builtInGroups: [...groups].sort(),
  };
  emit(path.join(kubernetesDir, INDEX_FILE), kubernetesIndex);

  const crdsDir = path.join(options.outDir, CRDS_DIR);
  const extraSources = extraCrdSources(options, crdsDir);
  const crdVersions = new Map<string, CrdVersion>();
  for (const file of [...sharedCrdFiles(options.sharedDir), ...extraSources.map((f) => path.resolve(options.repoRoot, f))]) {
    // A later file replaces an earlier definition of the same group/version/kind.
    for (const crd of readCrdVersions(file, options.warn)) {
      crdVersions.set(kindKey(apiVersionOf(crd.group, crd.version), crd.kind), crd);
    }
  }
  const crdKinds: Record<string, string> = {};
  for (const [key, crd] of [...crdVersions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const fileName = crdFileName(crd.group, crd.kind, crd.version);
    crdKinds[key] = fileName;
    const { root, shared } = shareRepeatedSubschemas(transformCrdRoot(crd.schema));
    const definitions = { [CUSTOM_RESOURCE]: root, ...shared, ...newestObjectMeta };
    const document: SchemaDocument = {
      generatorVersion: GENERATOR_VERSION,
      kinds: { [key]: CUSTOM_RESOURCE },
      definitions,
      closureHashes: closureHashes(definitions, [CUSTOM_RESOURCE]),
    };
    emit(path.join(crdsDir, fileName), document);
  }
  const crdIndex: CrdIndex = { generatorVersion: GENERATOR_VERSION, kinds: crdKinds, extraSources };
  emit(path.join(crdsDir, INDEX_FILE), crdIndex);

  const removed = [...removeStaleJson(kubernetesDir, produced), ...removeStaleJson(crdsDir, produced)];
  return {
    kubernetesVersions: kubernetesIndex.versions,
    crdKinds: Object.keys(crdKinds),
    written,
    removed,
  };
}

/** The definition name of a custom resource's root schema inside its CRD file. */
export const CUSTOM_RESOURCE = 'customResource';

function listKubernetesVersions(dir: string): { version: string; file: string }[] {
  if (!existsSync(dir)) throw new Error(`no Kubernetes OpenAPI definitions at ${dir} (use --shared DIR)`);
  const versions = readdirSync(dir)
    .map((name) => ({ name, match: OPENAPI_VERSION_FILE.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({
      version: `${match[1]}.${match[2]}`,
      major: Number(match[1]),
      minor: Number(match[2]),
      file: path.join(dir, name),
    }))
    .sort((a, b) => a.major - b.major || a.minor - b.minor);
  if (versions.length === 0) throw new Error(`no v<major>.<minor>.json files in ${dir}`);
  return versions.map(({ version, file }) => ({ version, file }));
}

function sharedCrdFiles(sharedDir: string): string[] {
  return SHARED_CRD_DIRS.flatMap((name) => {
    const dir = path.join(sharedDir, name);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => /\.ya?ml$/.test(file))
      .sort()
      .map((file) => path.join(dir, file));
  });
}

/**
 * CRD files recorded by earlier runs plus the ones given now, relative to the repository root
 * with forward slashes, sorted. A recorded file that has disappeared is dropped with a warning.
 */
function extraCrdSources(options: GenerateOptions, crdsDir: string): string[] {
  const indexFile = path.join(crdsDir, INDEX_FILE);
  const recorded = existsSync(indexFile)
    ? ((JSON.parse(readFileSync(indexFile, 'utf8')) as Partial<CrdIndex>).extraSources ?? [])
    : [];
  const sources = new Set<string>();
  for (const file of recorded) {
    if (existsSync(path.resolve(options.repoRoot, file))) sources.add(file);
    else options.warn(`${file} (recorded in ${indexFile}) no longer exists; dropping its CRDs`);
  }
  for (const file of options.extraCrdFiles) {
    const absolute = path.resolve(file);
    if (!existsSync(absolute)) throw new Error(`CRD file not found: ${file}`);
    sources.add(path.relative(options.repoRoot, absolute).split(path.sep).join('/'));
  }
  return [...sources].sort();
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** sha256 of each root's reachable definitions (refs are local, so equal closures hash equal). */
export function closureHashes(definitions: Record<string, JsonSchema>, roots: readonly string[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const root of [...new Set(roots)].sort()) {
    hashes[root] = createHash('sha256').update(stableStringify(reachableDefinitions(definitions, [root]))).digest('hex');
  }
  return hashes;
}
