/**
 * The schema generator's one entry: `generateSchemas` (npm run schemas), and the vocabulary it
 * shares with the validate stage that reads its output (layout, keywords, formats, patterns).
 */
export { generateSchemas } from './generate.ts';
export { formatDescriptions, kubernetesFormats, schemaFormats } from './formats.ts';
export { GENERATOR_VERSION } from './generator-version.ts';
export { isSchemaObject, refTarget, schemaTypes, type JsonSchema } from './json-schema.ts';
export { OBJECT_META } from './kubernetes-definitions.ts';
export * from './kubernetes-patterns.ts';
export * from './output-layout.ts';
export { findRemovedApi } from './removed-apis.ts';
export { CEL_TYPE, kubernetesExtensionKeywords, LIST_MAP_KEY_DEFAULTS } from './schema-keywords.ts';
export { strfmtDurationNanos } from './crd-formats.ts';
export { schemasFromOpenApiV3, type LiveSchemaSet, type OpenApiV3Document } from './openapi-v3.ts';
