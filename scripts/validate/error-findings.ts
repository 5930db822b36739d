import type { ErrorObject } from 'ajv';
import { escapeSegment, parsePointer, valueAt } from '../core/pointer.ts';
import { isSchemaObject } from '../schemas/json-schema.ts';
import { describeValue, showValue } from './describe-value.ts';
import { closestName, didYouMean } from './did-you-mean.ts';
import type { SchemaFinding } from './finding.ts';
import { METADATA_NAME_SCHEMA_PATH } from './kind-schema.ts';
import { patternMessage } from './pattern-messages.ts';
import { formatDescriptions } from '../schemas/formats.ts';
import { type KindSchemaRef, declaredProperties, schemaAtInstancePath } from './schema-path.ts';

/**
 * Turns ajv errors into findings: the pointer names the offending field itself, the message
 * says what to change, the noise of `anyOf`/`oneOf` branches and `if` collapses into one
 * finding, and repeats (the same problem seen through a `$ref` and its sibling `type`) go.
 * Findings come in pointer order (list indexes numerically), whatever the schema's key order.
 */
export function findingsFromErrors(
  errors: readonly ErrorObject[],
  object: unknown,
  kind: KindSchemaRef,
): SchemaFinding[] {
  const findings = collapseAlternatives(errors, object, kind);
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.pointer}\0${finding.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(compareFindings);
}

function compareFindings(a: SchemaFinding, b: SchemaFinding): number {
  const pa = parsePointer(a.pointer);
  const pb = parsePointer(b.pointer);
  for (let index = 0; index < Math.min(pa.length, pb.length); index++) {
    const x = pa[index]!;
    const y = pb[index]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return pa.length - pb.length || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Errors in order, each anyOf/oneOf group (its branch errors come before it) collapsed. */
function collapseAlternatives(
  errors: readonly ErrorObject[],
  object: unknown,
  kind: KindSchemaRef,
): SchemaFinding[] {
  const consumed = new Set<number>();
  const collapsed = new Map<number, SchemaFinding[]>();
  errors.forEach((error, index) => {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return;
    const prefix = `${error.schemaPath}/`;
    const branches = new Map<string, SchemaFinding[]>();
    for (let member = 0; member < index; member++) {
      const candidate = errors[member]!;
      if (
        consumed.has(member) ||
        !candidate.schemaPath.startsWith(prefix) ||
        !candidate.instancePath.startsWith(error.instancePath)
      ) {
        continue;
      }
      consumed.add(member);
      const branch = candidate.schemaPath.slice(prefix.length).split('/')[0]!;
      const memberFindings = collapsed.get(member) ?? findingsFromError(candidate, object, kind);
      branches.set(branch, [...(branches.get(branch) ?? []), ...memberFindings]);
    }
    collapsed.set(index, collapseGroup(error, [...branches.values()], kind));
  });
  return errors.flatMap((error, index) =>
    consumed.has(index) ? [] : (collapsed.get(index) ?? findingsFromError(error, object, kind)),
  );
}

function collapseGroup(error: ErrorObject, branches: SchemaFinding[][], kind: KindSchemaRef): SchemaFinding[] {
  const alternatives = schemaAtInstancePath(kind, error.instancePath)?.[error.keyword];
  const requiredOnly =
    Array.isArray(alternatives) &&
    alternatives.every(
      (branch) => isSchemaObject(branch) && Object.keys(branch).length === 1 && Array.isArray(branch['required']),
    );
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (requiredOnly) {
    const fields = (alternatives as { required: string[] }[]).map((branch) => branch.required.map((f) => `"${f}"`).join(' and '));
    const message = Array.isArray(passing) ? `must set only one of: ${fields.join(', ')}` : `must set one of: ${fields.join(', ')}`;
    return [{ pointer: error.instancePath, keyword: error.keyword, message, params: { ...error.params } }];
  }
  if (Array.isArray(passing) || branches.length === 0) {
    const message = Array.isArray(passing)
      ? `must match exactly one of the allowed forms, but matches ${passing.length}`
      : 'does not match any of the allowed forms';
    return [{ pointer: error.instancePath, keyword: error.keyword, message, params: { ...error.params } }];
  }
  // The branch that fails least is the form the author most likely meant.
  return branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
}

function findingsFromError(error: ErrorObject, object: unknown, kind: KindSchemaRef): SchemaFinding[] {
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
      return at(error.instancePath, value === null ? `must not be null (expected ${wanted})` : `expected ${wanted}, got ${describeValue(value)}`);
    }
    case 'pattern':
      return at(error.instancePath, patternMessage(String(params['pattern']), value));
    case 'format': {
      const format = String(params['format']);
      return at(error.instancePath, `must be ${formatDescriptions[format] ?? `in format ${format}`}, got ${describeValue(value)}`);
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
