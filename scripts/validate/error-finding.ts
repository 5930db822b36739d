import type { ErrorObject } from 'ajv';
import { escapeSegment, valueAt } from '../core/pointer.ts';
import { formatDescriptions } from '../schemas/index.ts';
import { describeType, describeValue, showValue } from '../core/describe-value.ts';
import { closestName, didYouMean } from '../core/did-you-mean.ts';
import type { SchemaFinding } from './finding.ts';
import { METADATA_NAME_SCHEMA_PATH } from './kind-schema.ts';
import { patternMessage } from './pattern-messages.ts';
import { type KindSchemaRef, declaredProperties, schemaAtInstancePath } from './schema-path.ts';
import { isSecretValue } from './secret-values.ts';

/**
 * One ajv error as findings (usually one): the pointer names the offending field itself (the
 * unknown or missing key, the repeated list item), the message says what to change, and the
 * keyword and params stay for callers that add context (YAML 1.1 booleans). A secret value is
 * never quoted: the message names its type instead, and the finding says it is secret.
 */
export function findingsFromError(error: ErrorObject, object: unknown, kind: KindSchemaRef): SchemaFinding[] {
  const params = error.params as Record<string, unknown>;
  const value = valueAt(object, error.instancePath);
  const secret = isSecretValue(object, error.instancePath);
  const shown = secret ? describeType(value) : showValue(value);
  const described = secret ? describeType(value) : describeValue(value);
  const at = (pointer: string, message: string): SchemaFinding[] => [
    { pointer, message, keyword: error.keyword, params: { ...params }, ...(secret ? { secret } : {}) },
  ];
  switch (error.keyword) {
    case 'if':
      return [];
    case 'required': {
      const field = String(params['missingProperty']);
      const pointer = `${error.instancePath}/${escapeSegment(field)}`;
      if (error.schemaPath === METADATA_NAME_SCHEMA_PATH) {
        return at(pointer, 'missing required field "name" (or "generateName")');
      }
      return at(pointer, `missing required field "${field}"`);
    }
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      const suggestion = closestName(field, declaredProperties(schemaAtInstancePath(kind, error.instancePath)));
      return at(`${error.instancePath}/${escapeSegment(field)}`, `unknown field "${field}"${didYouMean(suggestion)}`);
    }
    case 'type': {
      const expected = [params['type']].flat().filter((type) => type !== 'null');
      const wanted = expected.join(' or ');
      if (value === null) return at(error.instancePath, `must not be null (expected ${wanted})`);
      return at(error.instancePath, `expected ${wanted}, got ${described}`);
    }
    case 'pattern':
      return at(error.instancePath, patternMessage(String(params['pattern']), value, secret));
    case 'format': {
      const format = String(params['format']);
      const wanted = `must be ${formatDescriptions[format] ?? `in format ${format}`}`;
      // Not base64 usually means plain text under a Secret's `data`: a secret, never echoed.
      if (format === 'byte') {
        const hint = error.instancePath.startsWith('/data/') ? ' (plain text goes under stringData)' : '';
        return at(error.instancePath, `${wanted}${hint}`);
      }
      return at(error.instancePath, `${wanted}, got ${described}`);
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).filter((entry) => entry !== null);
      return at(error.instancePath, `must be one of: ${allowed.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join(', ')} (got ${shown})`);
    }
    case 'const':
      return at(error.instancePath, `must be ${showValue(params['allowedValue'])}, got ${shown}`);
    case 'x-kubernetes-list-map-keys':
      return listMapDuplicate(error, params, value, object);
    case 'uniqueItems': {
      const duplicate = Math.max(Number(params['i']), Number(params['j']));
      const original = Math.min(Number(params['i']), Number(params['j']));
      const item: unknown = Array.isArray(value) ? value[duplicate] : undefined;
      const pointer = `${error.instancePath}/${duplicate}`;
      const itemSecret = isSecretValue(object, pointer);
      return [
        {
          pointer,
          keyword: error.keyword,
          message: `duplicate entry: ${itemSecret ? describeType(item) : showValue(item)} already used at index ${original}`,
          params: { ...params, duplicate, original },
          ...(itemSecret ? { secret: itemSecret } : {}),
        },
      ];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(error.instancePath, `must be ${String(params['comparison'])} ${String(params['limit'])}, got ${shown}`);
    case 'minLength':
      return at(error.instancePath, `must be at least ${String(params['limit'])} character(s) long, got ${shown}`);
    case 'maxLength':
      return at(error.instancePath, `must be at most ${String(params['limit'])} character(s) long, got ${shown}`);
    case 'minItems':
      return at(error.instancePath, `must have at least ${String(params['limit'])} item(s)`);
    case 'maxItems':
      return at(error.instancePath, `must have at most ${String(params['limit'])} item(s)`);
    case 'minProperties':
      return at(error.instancePath, `must have at least ${String(params['limit'])} field(s)`);
    case 'maxProperties':
      return at(error.instancePath, `must have at most ${String(params['limit'])} field(s)`);
    case 'multipleOf':
      return at(error.instancePath, `must be a multiple of ${String(params['multipleOf'])}, got ${shown}`);
    case 'not':
      return at(error.instancePath, 'must not match the form this field excludes');
    default:
      return at(error.instancePath, `fails the "${error.keyword}" constraint`);
  }
}

/** Points at the repeated key of the later item: `/spec/containers/1/name`. */
function listMapDuplicate(error: ErrorObject, params: Record<string, unknown>, list: unknown, object: unknown): SchemaFinding[] {
  const duplicate = Number(params['duplicate']);
  const original = Number(params['original']);
  const keys = params['keys'] as string[];
  const defaults = (params['defaults'] ?? {}) as Record<string, unknown>;
  const item = (Array.isArray(list) ? list[duplicate] : undefined) as Record<string, unknown> | undefined;
  const itemPointer = `${error.instancePath}/${duplicate}`;
  const described = keys.map((key) => {
    const own = item?.[key];
    if (own === undefined || own === null) return `${key} ${showValue(defaults[key])} (default)`;
    return `${key} ${isSecretValue(object, `${itemPointer}/${escapeSegment(key)}`) ? describeType(own) : showValue(own)}`;
  });
  const presentKey = keys.find((key) => item?.[key] !== undefined && item?.[key] !== null);
  return [
    {
      pointer: presentKey === undefined ? itemPointer : `${itemPointer}/${escapeSegment(presentKey)}`,
      keyword: error.keyword,
      message: `duplicate entry: ${described.join(', ')} already used at index ${original}`,
      params: { ...params },
    },
  ];
}
