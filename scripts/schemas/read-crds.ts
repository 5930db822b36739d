import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { type JsonSchema, isSchemaObject } from './json-schema.ts';

/** One served version of a CustomResourceDefinition. */
export interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  schema: JsonSchema;
  /** The file it was read from, for messages. */
  source: string;
}

/**
 * The served versions of every `apiextensions.k8s.io/v1` CustomResourceDefinition in a YAML
 * stream. Other documents are ignored; a CRD version without a schema cannot be validated and
 * is reported through `warn`.
 */
export function readCrdVersions(file: string, warn: (message: string) => void): CrdVersion[] {
  const versions: CrdVersion[] = [];
  for (const document of yaml.loadAll(readFileSync(file, 'utf8'))) {
    if (!isSchemaObject(document) || document['kind'] !== 'CustomResourceDefinition') continue;
    if (document['apiVersion'] !== 'apiextensions.k8s.io/v1') {
      warn(`${file}: skipping CustomResourceDefinition with apiVersion ${String(document['apiVersion'])} (only apiextensions.k8s.io/v1 is read)`);
      continue;
    }
    const spec = isSchemaObject(document['spec']) ? document['spec'] : {};
    const names = isSchemaObject(spec['names']) ? spec['names'] : {};
    const group = spec['group'];
    const kind = names['kind'];
    if (typeof group !== 'string' || typeof kind !== 'string') {
      warn(`${file}: skipping a CustomResourceDefinition without spec.group or spec.names.kind`);
      continue;
    }
    for (const entry of Array.isArray(spec['versions']) ? spec['versions'] : []) {
      if (!isSchemaObject(entry) || entry['served'] !== true || typeof entry['name'] !== 'string') continue;
      const schema = isSchemaObject(entry['schema']) ? entry['schema']['openAPIV3Schema'] : undefined;
      if (!isSchemaObject(schema)) {
        warn(`${file}: ${group}/${entry['name']} ${kind} has no openAPIV3Schema; skipped`);
        continue;
      }
      versions.push({ group, kind, version: entry['name'], schema, source: file });
    }
  }
  return versions;
}
