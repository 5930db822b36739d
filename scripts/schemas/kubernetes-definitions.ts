import { type JsonSchema, isSchemaObject, refTarget, schemaTypes } from './json-schema.ts';
import { intOrStringKind, intOrStringSchema, listMapKeyDefaults, quantitySchema } from './kubernetes-patterns.ts';
import { withNull, withoutNull } from './nullability.ts';
import { addListConstraints, keptExtensionKeywords, validationKeywords } from './schema-keywords.ts';
import { formatAliases, kubernetesFormats } from './formats.ts';
import { reachableDefinitions } from './reachable-definitions.ts';

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** DeleteOptions, WatchEvent, Status, APIGroup, ...: wire types, not objects anyone applies. */
const META_PACKAGE = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One Kubernetes version's transformed schemas: `schemas/kubernetes/<version>.json`. */
export interface KubernetesVersionSchemas {
  kubernetesVersion: string;
  /** `apps/v1/Deployment` (core group: `v1/Pod`) -> definition name. */
  kinds: Record<string, string>;
  definitions: Record<string, JsonSchema>;
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

export function groupVersionKinds(definition: JsonSchema): GroupVersionKind[] {
  const list = definition['x-kubernetes-group-version-kind'];
  return Array.isArray(list) ? (list as GroupVersionKind[]) : [];
}

/** Transforms the OpenAPI definitions of one Kubernetes version into strict validation schemas. */
export function transformKubernetesDefinitions(
  kubernetesVersion: string,
  source: Record<string, JsonSchema>,
): KubernetesVersionSchemas {
  const kinds: Record<string, string> = {};
  for (const name of Object.keys(source).sort()) {
    if (name.startsWith(META_PACKAGE)) continue;
    for (const gvk of groupVersionKinds(source[name]!)) {
      kinds[kindKey(apiVersionOf(gvk.group, gvk.version), gvk.kind)] = name;
    }
  }
  const definitionType = (name: string): string[] => schemaTypes(source[name] ?? {});
  const transformed: Record<string, JsonSchema> = {};
  for (const [name, definition] of Object.entries(source)) {
    if (name === INT_OR_STRING || name === QUANTITY) continue;
    transformed[name] = withNull(transformNode(definition, undefined, source, definitionType));
  }
  const roots = [...new Set(Object.values(kinds)), OBJECT_META];
  return { kubernetesVersion, kinds, definitions: reachableDefinitions(transformed, roots) };
}

function transformNode(
  node: JsonSchema,
  fieldName: string | undefined,
  source: Record<string, JsonSchema>,
  definitionType: (name: string) => string[],
): JsonSchema {
  const target = refTarget(node);
  if (target === INT_OR_STRING) return intOrStringSchema(intOrStringKind(fieldName, 'kubernetes'));
  if (target === QUANTITY) return quantitySchema();

  const result: JsonSchema = {};
  const required = new Set(Array.isArray(node['required']) ? (node['required'] as string[]) : []);
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'properties' && isSchemaObject(value)) {
      const properties: Record<string, JsonSchema> = {};
      for (const [property, child] of Object.entries(value)) {
        if (!isSchemaObject(child)) continue;
        const schema = transformNode(child, property, source, definitionType);
        properties[property] = required.has(property) ? withoutNull(schema, definitionType) : withNull(schema);
      }
      result['properties'] = properties;
    } else if (keyword === 'items' && isSchemaObject(value)) {
      result['items'] = withoutNull(transformNode(value, fieldName, source, definitionType), definitionType);
    } else if (keyword === 'additionalProperties' && isSchemaObject(value)) {
      result['additionalProperties'] = withoutNull(
        transformNode(value, undefined, source, definitionType),
        definitionType,
      );
    } else if (keyword === 'format') {
      const format = formatAliases[value as string] ?? (value as string);
      if (kubernetesFormats[format] !== undefined) result['format'] = format;
    } else if (validationKeywords.has(keyword) || keptExtensionKeywords.has(keyword)) {
      result[keyword] = value;
    }
  }
  if (result['properties'] !== undefined && result['additionalProperties'] === undefined) {
    result['additionalProperties'] = false;
  }
  // The OpenAPI definitions carry no defaults: optional map keys get the API server's own.
  addListConstraints(result, (key) => {
    const items = isSchemaObject(result['items']) ? result['items'] : {};
    const itemTarget = refTarget(items);
    const itemSchema = itemTarget === undefined ? items : (source[itemTarget] ?? {});
    const required = Array.isArray(itemSchema['required']) ? (itemSchema['required'] as string[]) : [];
    return required.includes(key) ? undefined : listMapKeyDefaults[key];
  });
  return result;
}


