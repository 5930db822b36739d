/**
 * CRD `x-kubernetes-validations` (CEL) rules, evaluated offline as the API server's apiextensions
 * validator does on create (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go).
 *
 * CEL library: @marcbachmann/cel-js. Compared with `cel-js` (a Chevrotain-based evaluator, no type
 * checker, fewer releases) and `@bufbuild/cel` (conformance-focused, but a protobuf runtime to carry),
 * it is maintained and released often, has no dependencies, parses once and evaluates many times
 * (one compiled function per rule), type-checks before evaluating, and lets us register the Kubernetes
 * extension functions by signature. It already provides what the bundled CRDs use: has(), size(),
 * `in`, list literals, all/exists/exists_one/filter/map, matches, startsWith/endsWith/contains, and
 * the strings extension's lowerAscii/upperAscii and friends.
 *
 * What is not evaluated, and why (each such rule is returned in `unevaluated`, never a finding):
 * - rules naming `oldSelf`: transition rules run on update only; those belong to the Argo CD model's
 *   base-aware checks, which know the object already in the cluster;
 * - rules the library cannot compile or type-check (a Kubernetes library we do not provide, such as
 *   quantity() or url(), or syntax it reads differently), so no false positive comes from them;
 * - rules whose evaluation fails here (the API server reports an evaluation error as a rejection,
 *   but a failure in this library may be a difference between libraries, so it is not reported).
 */
import { Environment } from '@marcbachmann/cel-js';
import { toPointer as formatPointer } from '../../core/pointer.ts';
import { isSchemaObject, refTarget, type JsonSchema } from '../../schemas/index.ts';
import type { KindSchemaRef } from '../schema-path.ts';

export interface CelFinding {
  pointer: string;
  message: string;
}

/** A rule that was not evaluated for one object, and why. */
export interface UnevaluatedRule {
  pointer: string;
  rule: string;
  reason: string;
}

export interface CelResult {
  findings: CelFinding[];
  unevaluated: UnevaluatedRule[];
}

interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
}

type Compiled = { evaluate: (context: Record<string, unknown>) => unknown } | { error: string };

const environment = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false })
  .registerVariable('self', 'dyn');

const compiledRules = new Map<string, Compiled>();

function compile(expression: string): Compiled {
  let compiled = compiledRules.get(expression);
  if (compiled === undefined) {
    try {
      const checked = environment.check(expression);
      if (!checked.valid) {
        compiled = { error: `does not compile here: ${firstLine(checked.error?.message)}` };
      } else {
        const program = environment.parse(expression);
        compiled = { evaluate: (context) => program(context) as unknown };
      }
    } catch (error) {
      compiled = { error: `does not compile here: ${firstLine((error as Error).message)}` };
    }
    compiledRules.set(expression, compiled);
  }
  return compiled;
}

function firstLine(text: string | undefined): string {
  return (text ?? 'unknown error').split('\n')[0]!;
}

/** Does the rule read `oldSelf`? (A word match: a string literal naming it is rare enough to skip too.) */
const usesOldSelf = (rule: string): boolean => /\boldSelf\b/.test(rule);

/**
 * Evaluates every CEL rule of the kind's schema on the object. Call on an object the schema
 * accepted (the API server runs CEL on a structurally valid object, and a type problem is
 * reported once, by the schema).
 */
export function validateCel(object: unknown, kind: KindSchemaRef): CelResult {
  const definitions = kind.loaded.document.definitions;
  const result: CelResult = { findings: [], unevaluated: [] };
  const deref = (node: unknown): JsonSchema | undefined => {
    if (!isSchemaObject(node)) return undefined;
    const target = refTarget(node);
    return target === undefined ? node : deref(definitions[target]);
  };
  const walk = (value: unknown, schema: JsonSchema | undefined, path: (string | number)[]): void => {
    if (schema === undefined || value === undefined || value === null) return;
    const rules = schema['x-kubernetes-validations'];
    if (Array.isArray(rules)) {
      for (const rule of rules) {
        if (isRule(rule)) evaluateRule(rule, value, schema, path, deref, result);
      }
    }
    if (Array.isArray(value)) {
      const items = deref(schema['items']);
      value.forEach((item, index) => walk(item, items, [...path, index]));
    } else if (typeof value === 'object') {
      const properties = isSchemaObject(schema['properties']) ? schema['properties'] : {};
      const additional = deref(schema['additionalProperties']);
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        const childSchema = name in properties ? deref(properties[name]) : additional;
        walk(child, childSchema, [...path, name]);
      }
    }
  };
  walk(object, deref(definitions[kind.definition]), []);
  return result;
}

function isRule(value: unknown): value is ValidationRule {
  return isSchemaObject(value) && typeof value['rule'] === 'string';
}

function evaluateRule(
  rule: ValidationRule,
  value: unknown,
  schema: JsonSchema,
  path: (string | number)[],
  deref: (node: unknown) => JsonSchema | undefined,
  result: CelResult,
): void {
  const pointer = formatPointer(path);
  if (usesOldSelf(rule.rule)) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: 'uses oldSelf: checked on update only' });
    return;
  }
  const compiled = compile(rule.rule);
  if ('error' in compiled) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: compiled.error });
    return;
  }
  const self = toCel(value, schema, deref);
  let outcome: unknown;
  try {
    outcome = compiled.evaluate({ self });
  } catch (error) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: `evaluation failed here: ${firstLine((error as Error).message)}` });
    return;
  }
  if (outcome === true) return;
  if (outcome !== false) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: 'does not evaluate to a bool' });
    return;
  }
  const at = rule.fieldPath === undefined ? path : [...path, ...(fieldPathSegments(rule.fieldPath) ?? [])];
  result.findings.push({ pointer: formatPointer(at), message: failureMessage(rule, self) });
}

/**
 * The message the API server gives: a messageExpression's result when it evaluates to a non-empty
 * single-line string, else `message`, else "failed rule: <rule>"; prefixed by the reason's wording.
 */
function failureMessage(rule: ValidationRule, self: unknown): string {
  let text: string | undefined;
  if (rule.messageExpression !== undefined) {
    const compiled = compile(rule.messageExpression);
    if (!('error' in compiled)) {
      try {
        const evaluated = compiled.evaluate({ self });
        if (typeof evaluated === 'string' && evaluated.trim() !== '' && !/[\r\n]/.test(evaluated)) text = evaluated;
      } catch {
        // The API server falls back to the message as well.
      }
    }
  }
  text ??= rule.message !== undefined && rule.message.trim() !== '' ? rule.message : `failed rule: ${rule.rule}`;
  const reason =
    rule.reason === 'FieldValueRequired'
      ? 'required value: '
      : rule.reason === 'FieldValueForbidden'
        ? 'forbidden: '
        : rule.reason === 'FieldValueDuplicate'
          ? 'duplicate value: '
          : '';
  return `${reason}${text} (the CRD's x-kubernetes-validations rule ${JSON.stringify(rule.rule)} is false)`;
}

/** `.a.b` and `['a.b']` segments of a rule's fieldPath; undefined when it cannot be read. */
export function fieldPathSegments(fieldPath: string): string[] | undefined {
  const segments: string[] = [];
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]/y;
  let index = 0;
  while (index < fieldPath.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(fieldPath);
    if (match === null) return undefined;
    segments.push(match[1] ?? match[2]!.replace(/\\(.)/g, '$1'));
    index = pattern.lastIndex;
  }
  return segments;
}

/** The value as CEL sees it: integers as int (BigInt) unless the schema says number (double). */
function toCel(value: unknown, schema: JsonSchema | undefined, deref: (node: unknown) => JsonSchema | undefined): unknown {
  if (typeof value === 'number') {
    return schema?.['type'] !== 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    const items = deref(schema?.['items']);
    return value.map((item) => toCel(item, items, deref));
  }
  if (value !== null && typeof value === 'object') {
    const properties = isSchemaObject(schema?.['properties']) ? (schema['properties'] as Record<string, unknown>) : {};
    const additional = deref(schema?.['additionalProperties']);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([name, child]) => [
        name,
        toCel(child, name in properties ? deref(properties[name]) : additional, deref),
      ]),
    );
  }
  return value;
}
