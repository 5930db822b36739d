/**
 * The keywords the generated schemas may contain. Anything else from the inputs (descriptions,
 * examples, OpenAPI-only annotations) is dropped, so ajv's strict mode can stay on.
 */

export const validationKeywords = new Set([
  '$ref',
  'type',
  'format',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

/**
 * Kubernetes extensions kept in the output. They are declared to ajv as a vocabulary; only
 * `x-kubernetes-list-map-keys` validates (uniqueness), the others document the field for later
 * stages (strategic-merge diffs, pruning) and cost nothing at validation time.
 */
export const kubernetesExtensionKeywords = [
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
] as const;

/**
 * Added by the generator next to `x-kubernetes-list-map-keys`: the value the API server
 * defaults a missing key to before it checks uniqueness (ports' `protocol` -> `TCP`).
 */
export const LIST_MAP_KEY_DEFAULTS = 'x-list-map-key-defaults';

/**
 * Added by the generator to a CRD string field whose `format` makes it another type in CEL
 * (k8s.io/apiserver/pkg/cel/common: byte -> bytes, duration -> duration, date and date-time ->
 * timestamp; the format as written, not normalised): `bytes`, `duration` or `timestamp`.
 */
export const CEL_TYPE = 'x-cel-type';

/** The CEL type of a string field by its CRD `format`. */
export const celTypeOfFormat: Record<string, string> = { byte: 'bytes', duration: 'duration', date: 'timestamp', 'date-time': 'timestamp' };

export const keptExtensionKeywords = new Set<string>(kubernetesExtensionKeywords);

/**
 * Kubernetes list semantics as JSON Schema: an `x-kubernetes-list-type: set` gets `uniqueItems`;
 * a `map` keeps its `x-kubernetes-list-map-keys` and records, for each key `defaultOf` knows a
 * default for, that default (an item without the key is compared as if it had it); any other
 * list drops the map keys. Kubernetes definitions and CRDs differ only in where defaults come from.
 */
export function addListConstraints(schema: Record<string, unknown>, defaultOf: (key: string) => unknown): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') schema['uniqueItems'] = true;
  const keys = schema['x-kubernetes-list-map-keys'];
  if (listType !== 'map' || !Array.isArray(keys)) {
    delete schema['x-kubernetes-list-map-keys'];
    return;
  }
  const defaults: Record<string, unknown> = {};
  for (const key of keys as string[]) {
    const value = defaultOf(key);
    if (value !== undefined) defaults[key] = value;
  }
  if (Object.keys(defaults).length > 0) schema[LIST_MAP_KEY_DEFAULTS] = defaults;
}
