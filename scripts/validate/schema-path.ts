import { parsePointer } from '../core/pointer.ts';
import { isSchemaObject, refTarget, type JsonSchema } from '../schemas/index.ts';
import type { LoadedDocument } from './schema-store.ts';

/** The kind a validator checks: its document and root definition. */
export interface KindSchemaRef {
  loaded: LoadedDocument;
  definition: string;
}

/**
 * The schema that applies to the value at `instancePath`, found by walking the kind's schema
 * along the path (properties, then additionalProperties; items for lists; `$ref`s followed).
 * ajv's own `schemaPath` cannot be used: inside a `$ref`'d definition compiled as its own
 * function it is relative to that definition, which it does not name.
 */
export function schemaAtInstancePath(kind: KindSchemaRef, instancePath: string): JsonSchema | undefined {
  const definitions = kind.loaded.document.definitions;
  const deref = (node: unknown): JsonSchema | undefined => {
    if (!isSchemaObject(node)) return undefined;
    const target = refTarget(node);
    return target === undefined ? node : definitions[target];
  };
  let node = deref(definitions[kind.definition]);
  for (const segment of parsePointer(instancePath)) {
    if (node === undefined) return undefined;
    const properties = node['properties'];
    const property = isSchemaObject(properties) ? properties[String(segment)] : undefined;
    if (property !== undefined) node = deref(property);
    else if (typeof segment === 'number' && node['items'] !== undefined) node = deref(node['items']);
    else node = deref(node['additionalProperties']);
  }
  return node;
}

/** The property names an object schema declares (for "did you mean"). */
export function declaredProperties(schema: JsonSchema | undefined): string[] {
  const properties = schema?.['properties'];
  return isSchemaObject(properties) ? Object.keys(properties) : [];
}
