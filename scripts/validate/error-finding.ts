import type { ErrorObject } from 'ajv';
import { escapeSegment, valueAt } from '../core/pointer.ts';
import { formatDescriptions } from '../schemas/formats.ts';
import { describeType, describeValue, showValue } from './describe-value.ts';
import { closestName, didYouMean } from './did-you-mean.ts';
import type { SchemaFinding } from './finding.ts';
import { METADATA_NAME_SCHEMA_PATH } from './kind-schema.ts';
import { patternMessage } from './pattern-messages.ts';
import { type KindSchemaRef, declaredProperties, schemaAtInstancePath } from './schema-path.ts';

/**
 * One ajv error as findings (usually one): the pointer names the offending field itself (the
 * unknown or missing key, the repeated list item), the message says what to change, and the
 * keyword and params stay for callers that add context (YAML 1.1 booleans).
 */
export function findingsFromError(error: ErrorObject, object: unknown, kind: KindSchemaRef): SchemaFinding[] {
  const params = error.params as Record<string, unknown>;
  const value = valueAt(object, error.instancePath);
  const at = (pointer: string, message: string): SchemaFinding[] => [
    { pointer, message, keyword: error.keyword, params: { ...params } },
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
      const got = isSecretValue(kind, error.instancePath) ? describeType(value) : describeValue(value);
      return at(error.instancePath, `expected ${wanted}, got ${got}`);
    }
    case 'pattern':
      return at(error.instancePath, patternMessage(String(params['pattern']), value));
    case 'format': {
      const format = String(params['format']);
      const wanted = `must be ${formatDescriptions[format] ?? `in format ${format}`}`;
      // Not base64 usually means plain text under a Secret's `data`: a secret, never echoed.
      if (format === 'byte') {
        const hint = error.instancePath.startsWith('/data/') ? ' (plain text goes under stringData)' : '';
        return at(error.instancePath, `${wanted}${hint}`);
      }
      return at(error.instancePath, `${wanted}, got ${describeValue(value)}`);
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).filter((entry) => entry !== null);
      return at(error.instancePath, `must be one of: ${allowed.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join(', ')} (got ${showValue(value)})`);
    }
    case 'const':
      return at(error.instancePath, `must be ${showValue(params['allowedValue'])}, got ${showValue(value)}`);
    case 'x-kubernetes-list-map-keys':
      return listMapDuplicate(error, params, value);
    case 'uniqueItems': {
      const duplicate = Math.max(Number(params['i']), Number(params['j']));
      const original = Math.min(Number(params['i']), Number(params['j']));
      const item = Array.isArray(value) ? value[duplicate] : undefined;
      return [
        {
          pointer: `${error.instancePath}/${duplicate}`,
          keyword: error.keyword,
          message: `duplicate entry: ${showValue(item)} already used at index ${original}`,
          params: { ...params, duplicate, original },
        },
      ];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(error.instancePath, `must be ${String(params['comparison'])} ${String(params['limit'])}, got ${showValue(value)}`);
    case 'minLength':
      return at(error.instancePath, `must be at least ${String(params['limit'])} character(s) long, got ${showValue(value)}`);
    case 'maxLength':
      return at(error.instancePath, `must be at most ${String(params['limit'])} character(s) long, got ${showValue(value)}`);
    case 'minItems':
      return at(error.instancePath, `must have at least ${String(params['limit'])} item(s)`);
    case 'maxItems':
      return at(error.instancePath, `must have at most ${String(params['limit'])} item(s)`);
    case 'minProperties':
      return at(error.instancePath, `must have at least ${String(params['limit'])} field(s)`);
    case 'maxProperties':
      return at(error.instancePath, `must have at most ${String(params['limit'])} field(s)`);
    case 'multipleOf':
      return at(error.instancePath, `must be a multiple of ${String(params['multipleOf'])}, got ${showValue(value)}`);
    case 'not':
      return at(error.instancePath, 'must not match the form this field excludes');
    default:
      return at(error.instancePath, `fails the "${error.keyword}" constraint`);
  }
}

/** Points at the repeated key of the later item: `/spec/containers/1/name`. */
function listMapDuplicate(error: ErrorObject, params: Record<string, unknown>, list: unknown): SchemaFinding[] {
  const duplicate = Number(params['duplicate']);
  const original = Number(params['original']);
  const keys = params['keys'] as string[];
  const defaults = (params['defaults'] ?? {}) as Record<string, unknown>;
  const item = (Array.isArray(list) ? list[duplicate] : undefined) as Record<string, unknown> | undefined;
  const described = keys.map((key) => {
    const own = item?.[key];
    const shown = own === undefined || own === null ? `${showValue(defaults[key])} (default)` : showValue(own);
    return `${key} ${shown}`;
  });
  const presentKey = keys.find((key) => item?.[key] !== undefined && item?.[key] !== null);
  const itemPointer = `${error.instancePath}/${duplicate}`;
  return [
    {
      pointer: presentKey === undefined ? itemPointer : `${itemPointer}/${escapeSegment(presentKey)}`,
      keyword: error.keyword,
      message: `duplicate entry: ${described.join(', ')} already used at index ${original}`,
      params: { ...params },
    },
  ];
}

/** A value under a Secret's data or stringData: a secret, so messages never repeat it. */
function isSecretValue(kind: KindSchemaRef, pointer: string): boolean {
  return kind.definition === 'io.k8s.api.core.v1.Secret' && /^\/(data|stringData)\//.test(pointer);
}
