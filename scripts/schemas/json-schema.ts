/** A JSON Schema node as read from the inputs and as written to `schemas/`. */
export type JsonSchema = { [keyword: string]: unknown };

export function isSchemaObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The `type` keyword as a list (empty when absent). */
export function schemaTypes(schema: JsonSchema): string[] {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === 'string');
  return [];
}

/** The definition name a local `$ref` points at: '#/definitions/X' -> 'X'. */
export function refTarget(schema: JsonSchema): string | undefined {
  const ref = schema['$ref'];
  return typeof ref === 'string' && ref.startsWith('#/definitions/')
    ? ref.slice('#/definitions/'.length)
    : undefined;
}

export function definitionRef(name: string): string {
  return `#/definitions/${name}`;
}
