/**
 * String grammars the Kubernetes API enforces on its special scalar types. The generator puts
 * them into the schemas; the validate stage maps them back to messages a person can act on.
 */

/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): a signed decimal, then an optional
 * binary suffix (Ki..Ei), decimal suffix (n, u, m, k, M..E) or exponent (e3, E-2). No spaces.
 */
export const QUANTITY_PATTERN =
  '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$';

/** validation.IsValidPercent, used by ValidatePositiveIntOrPercent for maxSurge and friends. */
export const PERCENT_PATTERN = '^[0-9]+%$';

/**
 * validation.IsValidPortName (an IANA service name): 1-15 characters of a-z, 0-9 and '-',
 * at least one letter, no leading, trailing or doubled '-'.
 */
export const PORT_NAME_PATTERN = '^(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]*[a-z0-9])?$';

/** A decimal integer written as a string, as Argo CD parses a kustomize replica `count`. */
export const INTEGER_STRING_PATTERN = '^[0-9]+$';

export type IntOrStringKind = 'port' | 'percent' | 'integer-string' | 'any-string';

const portFields = new Set(['port', 'targetPort']);
const percentFields = new Set(['maxSurge', 'maxUnavailable', 'minAvailable', 'maxUpdate']);

/**
 * Which strings an IntOrString field accepts, by field name. Built-in IntOrString fields are
 * either ports (HTTPGetAction, TCPSocketAction, ServicePort, NetworkPolicyPort) or scaled
 * amounts validated as percentages. A CRD field of unknown meaning is left as the API server
 * leaves it: any string.
 */
export function intOrStringKind(fieldName: string | undefined, origin: 'kubernetes' | 'crd'): IntOrStringKind {
  if (fieldName !== undefined && portFields.has(fieldName)) return 'port';
  if (fieldName !== undefined && percentFields.has(fieldName)) return 'percent';
  if (origin === 'kubernetes') return 'percent';
  return fieldName === 'count' ? 'integer-string' : 'any-string';
}

export const intOrStringPatterns: Record<IntOrStringKind, string | undefined> = {
  port: PORT_NAME_PATTERN,
  percent: PERCENT_PATTERN,
  'integer-string': INTEGER_STRING_PATTERN,
  'any-string': undefined,
};

/** The schema of an IntOrString field (without null; the caller decides about null). */
export function intOrStringSchema(kind: IntOrStringKind): Record<string, unknown> {
  const pattern = intOrStringPatterns[kind];
  return pattern === undefined ? { type: ['integer', 'string'] } : { type: ['integer', 'string'], pattern };
}

/** The schema of a Quantity field: a JSON number, or a string in the quantity grammar. */
export function quantitySchema(): Record<string, unknown> {
  return { type: ['number', 'string'], pattern: QUANTITY_PATTERN };
}

/**
 * Defaults the API server applies to list-map keys before checking uniqueness, so
 * `ports: [{containerPort: 80}, {containerPort: 80, protocol: TCP}]` is a duplicate.
 */
export const listMapKeyDefaults: Record<string, string> = { protocol: 'TCP' };
