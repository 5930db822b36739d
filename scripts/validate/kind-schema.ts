import { type JsonSchema, isSchemaObject, refTarget } from '../schemas/index.ts';
import { OBJECT_META } from '../schemas/index.ts';
import type { LoadedDocument } from './schema-store.ts';

/**
 * Where the root's metadata rule sits in the compiled schema; its `required` error is reported
 * as "name (or generateName)".
 */
export const METADATA_NAME_SCHEMA_PATH = '#/properties/metadata/else/required';

/**
 * The schema one kind is compiled from: a reference into its (shared, once-registered) schema
 * document, plus what every applied object needs at the root: apiVersion, kind, and metadata
 * with a name or generateName.
 */
export function kindSchema(loaded: LoadedDocument, definitionName: string): JsonSchema {
  const definition = loaded.document.definitions[definitionName] ?? {};
  const properties = isSchemaObject(definition['properties']) ? definition['properties'] : {};
  const metadata = properties['metadata'];
  const hasObjectMeta = isSchemaObject(metadata) && refTarget(metadata) === OBJECT_META;
  const schema: JsonSchema = {
    $ref: `${loaded.id}#/definitions/${definitionName}`,
    type: 'object',
    required: hasObjectMeta ? ['apiVersion', 'kind', 'metadata'] : ['apiVersion', 'kind'],
  };
  if (hasObjectMeta) {
    schema['properties'] = {
      metadata: { type: 'object', if: { required: ['generateName'] }, else: { required: ['name'] } },
    };
  }
  return schema;
}
