import { type JsonSchema, definitionRef, isSchemaObject, schemaTypes } from './json-schema.ts';
import { intOrStringKind, intOrStringSchema } from './kubernetes-patterns.ts';
import { withNull } from './nullability.ts';
import { CEL_TYPE, addListConstraints, celTypeOfFormat, keptExtensionKeywords, validationKeywords } from './schema-keywords.ts';
import { crdFormatName } from './crd-formats.ts';
import { OBJECT_META } from './kubernetes-definitions.ts';

const junctors = new Set(['allOf', 'anyOf', 'oneOf', 'not']);

/**
 * Transforms a CRD version's `openAPIV3Schema` the way the API server reads it:
 * - unknown fields are pruned, which strict field validation reports, so objects are closed,
 *   except under `x-kubernetes-preserve-unknown-fields` or `x-kubernetes-embedded-resource`;
 * - defaults are applied before validation, so a required field with a `default` is never
 *   missing;
 * - a `null` the schema does not allow is pruned before validation when it is an object key
 *   (PruneNonNullableNullsWithoutDefaults): accepted on an optional field or a map value, and
 *   on a required field only when a default replaces it; a `null` list item needs `nullable`;
 * - `x-kubernetes-int-or-string` becomes an integer or a string of the field's grammar;
 * - OpenAPI 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` become draft-07 numbers.
 * The root's `metadata` is checked as ObjectMeta (kept in the same file's definitions).
 */
export function transformCrdRoot(schema: JsonSchema): JsonSchema {
  const root = transformNode(schema, undefined);
  if (root['type'] === undefined) root['type'] = 'object';
  const properties = isSchemaObject(root['properties']) ? { ...root['properties'] } : {};
  properties['metadata'] = { $ref: definitionRef(OBJECT_META) };
  // The API server keeps apiVersion and kind at the root whatever the schema says (pruning
  // never drops them, apiextensions checks them itself): a schema that leaves them out must
  // not make them unknown fields.
  for (const field of ['apiVersion', 'kind']) {
    if (!isSchemaObject(properties[field])) properties[field] = { type: 'string' };
  }
  root['properties'] = properties;
  return root;
}

function transformNode(node: JsonSchema, fieldName: string | undefined): JsonSchema {
  const result: JsonSchema = {};
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const required = requiredWithoutDefault(node);
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'properties' && isSchemaObject(value)) {
      const properties: Record<string, JsonSchema> = {};
      for (const [property, child] of Object.entries(value)) {
        if (!isSchemaObject(child)) continue;
        const schema = transformNode(child, property);
        properties[property] = required.includes(property) ? schema : withNull(schema);
      }
      result['properties'] = properties;
    } else if (keyword === 'required') {
      if (required.length > 0) result['required'] = required;
    } else if (keyword === 'items' && isSchemaObject(value)) {
      result['items'] = transformNode(value, fieldName);
    } else if (keyword === 'additionalProperties' && isSchemaObject(value)) {
      result['additionalProperties'] = withNull(transformNode(value, undefined));
    } else if (junctors.has(keyword)) {
      // The int-or-string `anyOf: [{type: integer}, {type: string}]` is replaced below.
      if (!intOrString) result[keyword] = transformJunctorBranch(value);
    } else {
      copyValueKeyword(result, keyword, value, node);
    }
  }
  if (intOrString) {
    // A pattern the CRD declares itself is more specific than the one implied by the field name.
    const ownPattern = result['pattern'];
    Object.assign(result, intOrStringSchema(intOrStringKind(fieldName, 'crd')));
    if (ownPattern !== undefined) result['pattern'] = ownPattern;
  }
  if (isObjectSchema(result) && result['additionalProperties'] === undefined) {
    const open =
      node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-embedded-resource'] === true;
    if (!open) result['additionalProperties'] = false;
  }
  const celType = node['type'] === 'string' && typeof node['format'] === 'string' ? celTypeOfFormat[node['format']] : undefined;
  if (celType !== undefined) result[CEL_TYPE] = celType;
  // A CRD declares its map keys' defaults on the item schema.
  addListConstraints(result, (key) => {
    const items = isSchemaObject(node['items']) ? node['items'] : {};
    const property = isSchemaObject(items['properties']) ? items['properties'][key] : undefined;
    return isSchemaObject(property) ? property['default'] : undefined;
  });
  return node['nullable'] === true ? withNull(result) : result;
}

/** The required properties the API server does not fill in with their `default`. */
function requiredWithoutDefault(node: JsonSchema): string[] {
  const required = Array.isArray(node['required']) ? (node['required'] as string[]) : [];
  const properties = isSchemaObject(node['properties']) ? node['properties'] : {};
  return required.filter((name) => {
    const property = properties[name];
    return !isSchemaObject(property) || property['default'] === undefined;
  });
}

/** Inside allOf/anyOf/oneOf/not only value validations are allowed (structural schema rules). */
function transformJunctorBranch(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(transformJunctorBranch);
  if (!isSchemaObject(value)) return value;
  const result: JsonSchema = {};
  for (const [keyword, child] of Object.entries(value)) {
    if (keyword === 'properties' && isSchemaObject(child)) {
      result[keyword] = Object.fromEntries(
        Object.entries(child).map(([name, schema]) => [name, transformJunctorBranch(schema)]),
      );
    } else if (keyword === 'items' || junctors.has(keyword)) {
      result[keyword] = transformJunctorBranch(child);
    } else {
      copyValueKeyword(result, keyword, child, value);
    }
  }
  return result;
}

function copyValueKeyword(result: JsonSchema, keyword: string, value: unknown, node: JsonSchema): void {
  if (keyword === 'format') {
    // Only the formats apiextensions validates, for the node's type, under their CRD names.
    const format = crdFormatName(value, node['type']);
    if (format !== undefined) result['format'] = format;
  } else if (keyword === 'exclusiveMinimum' || keyword === 'exclusiveMaximum') {
    const bound = node[keyword === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
    if (typeof value === 'number') result[keyword] = value;
    else if (value === true && typeof bound === 'number') result[keyword] = bound;
  } else if (keyword === 'minimum' || keyword === 'maximum') {
    const exclusive = node[keyword === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'];
    if (exclusive !== true) result[keyword] = value;
  } else if (keyword === 'pattern') {
    if (typeof value === 'string' && isJavaScriptPattern(value)) result[keyword] = value;
  } else if (validationKeywords.has(keyword) || keptExtensionKeywords.has(keyword)) {
    result[keyword] = value;
  }
}

/** CRD patterns are Go RE2; the rare one JavaScript cannot read is dropped rather than guessed. */
function isJavaScriptPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schemaTypes(schema).includes('object') || schema['properties'] !== undefined;
}

