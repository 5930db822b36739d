import { type JsonSchema, schemaTypes } from './json-schema.ts';

/**
 * `null` handling, as the API server decodes JSON: an explicit `null` on an optional field
 * means "unset" and is accepted; a required field or a list item that is `null` is an error.
 * Inline schemas say so through their `type`; definitions reached by `$ref` accept `null`
 * themselves, and a position that must not be null adds a sibling `type` (ajv applies
 * keywords next to `$ref`), so `null` never matches two branches of anything.
 */

/** The schema, also accepting `null`. */
export function withNull(schema: JsonSchema): JsonSchema {
  if (schema['$ref'] !== undefined) return schema;
  const types = schemaTypes(schema);
  if (types.length === 0 || types.includes('null')) return schema;
  const result: JsonSchema = { ...schema, type: [...types, 'null'] };
  const values: readonly unknown[] | undefined = Array.isArray(schema['enum']) ? schema['enum'] : undefined;
  if (values !== undefined && !values.includes(null)) result['enum'] = [...values, null];
  return result;
}

/**
 * The schema, rejecting `null`. `definitionType` gives the non-null type of a `$ref` target
 * (definitions accept null, see above); an inline schema without null is returned unchanged.
 */
export function withoutNull(schema: JsonSchema, definitionType: (name: string) => string[]): JsonSchema {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const types = definitionType(ref.slice('#/definitions/'.length)).filter((type) => type !== 'null');
    if (types.length === 0) return schema;
    return { ...schema, type: types.length === 1 ? types[0] : types };
  }
  return schema;
}
