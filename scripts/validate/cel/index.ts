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
 * - rules naming `oldSelf` without `optionalOldSelf: true`: transition rules, which the API server
 *   skips on create (there is no old value) and runs on update only; those belong to the Argo CD
 *   model's base-aware checks, which know the object already in the cluster. A rule with
 *   `optionalOldSelf: true` is evaluated, with `oldSelf` an empty optional, as on create;
 * - rules the library cannot compile or type-check (a Kubernetes library we do not provide, such as
 *   quantity() or url(), or syntax it reads differently), so no false positive comes from them;
 * - rules where the two CEL implementations may disagree (portability.ts): a regular expression
 *   RE2 and JavaScript read differently, or a string function on text beyond printable ASCII;
 * - rules whose evaluation fails here (the API server reports an evaluation error as a rejection,
 *   but a failure in this library may be a difference between libraries, so it is not reported).
 * Not modelled: the API server's runtime cost budget per object (cel-go's cost units are not
 * computed here), and the typing of `format: date-time`/`duration`/`byte` strings as CEL
 * timestamp/duration/bytes (a rule that relies on it fails to evaluate here, so it stays silent).
 */
import { Environment, Optional } from '@marcbachmann/cel-js';
import { toPointer as formatPointer } from '../../core/pointer.ts';
import { CEL_TYPE, isSchemaObject, refTarget, schemaTypes, type JsonSchema } from '../../schemas/index.ts';
import { strfmtDurationNanos } from '../../schemas/index.ts';
import type { KindSchemaRef } from '../schema-path.ts';
import { hasNonAsciiText, rulePortability } from './portability.ts';

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
  optionalOldSelf?: boolean;
}

type Compiled = { evaluate: (context: Record<string, unknown>) => unknown; asciiOnly: boolean; comparesLists: boolean } | { error: string };

// The API server's CEL environment has optional types (`.?field`, optional.of) since Kubernetes 1.29.
const environment = new Environment({
  unlistedVariablesAreDyn: false,
  homogeneousAggregateLiterals: false,
  enableOptionalTypes: true,
})
  .registerVariable('self', 'dyn')
  .registerVariable('oldSelf', 'dyn');

/** `oldSelf` on create, for a rule with `optionalOldSelf: true`. */
const NO_OLD_SELF = Optional.none();

/** An evaluated messageExpression longer than this (bytes, after trimming) is not used (celconfig). */
const MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

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
        const portability = rulePortability(program.ast);
        compiled =
          portability.problem !== undefined
            ? { error: portability.problem }
            : { evaluate: (context) => program(context) as unknown, asciiOnly: portability.asciiOnly, comparesLists: portability.comparesLists };
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

type Deref = (node: unknown) => JsonSchema | undefined;

/** Per document: does a schema node, or anything below it, carry `x-kubernetes-validations`? */
const subtreeRules = new WeakMap<object, WeakMap<JsonSchema, boolean>>();

function hasRulesBelow(schema: JsonSchema, deref: Deref, memo: WeakMap<JsonSchema, boolean>): boolean {
  const known = memo.get(schema);
  if (known !== undefined) return known;
  memo.set(schema, false); // a recursive definition is settled by its other branches
  const children: unknown[] = [schema['items'], schema['additionalProperties']];
  if (isSchemaObject(schema['properties'])) children.push(...Object.values(schema['properties']));
  const found =
    Array.isArray(schema['x-kubernetes-validations']) ||
    children.some((child) => {
      const target = deref(child);
      return target !== undefined && hasRulesBelow(target, deref, memo);
    });
  memo.set(schema, found);
  return found;
}

/** Does the kind's schema have any CEL rule? (Cheap after the first call per document.) */
export function hasCelRules(kind: KindSchemaRef): boolean {
  const { deref, memo } = documentTools(kind);
  const root = deref(kind.loaded.document.definitions[kind.definition]);
  return root !== undefined && hasRulesBelow(root, deref, memo);
}

function documentTools(kind: KindSchemaRef): { deref: Deref; memo: WeakMap<JsonSchema, boolean> } {
  const definitions = kind.loaded.document.definitions;
  const deref: Deref = (node) => {
    if (!isSchemaObject(node)) return undefined;
    const target = refTarget(node);
    return target === undefined ? node : deref(definitions[target]);
  };
  let memo = subtreeRules.get(kind.loaded.document);
  if (memo === undefined) {
    memo = new WeakMap();
    subtreeRules.set(kind.loaded.document, memo);
  }
  return { deref, memo };
}

/**
 * Evaluates every CEL rule of the kind's schema on the object, where the API server's validator
 * does: on each non-null value whose schema node carries rules and has a CEL type, descending
 * through declared properties, `additionalProperties` (map values) and `items` (list items). Call on an object the
 * schema accepted (the API server runs CEL on a structurally valid object, and a type problem is
 * reported once, by the schema).
 */
export function validateCel(object: unknown, kind: KindSchemaRef): CelResult {
  const { deref, memo } = documentTools(kind);
  const result: CelResult = { findings: [], unevaluated: [] };
  const walk = (value: unknown, schema: JsonSchema | undefined, path: (string | number)[]): void => {
    // Rules validate non-null values only; a rule about presence is written on the parent.
    if (schema === undefined || value === undefined || value === null || !hasRulesBelow(schema, deref, memo)) return;
    // A field without a type (an untyped x-kubernetes-preserve-unknown-fields value) has no CEL
    // type: the API server leaves it, and everything under it, out of CEL validation.
    if (schemaTypes(schema).length === 0 && schema['x-kubernetes-int-or-string'] !== true) return;
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
        const childSchema = Object.hasOwn(properties, name) ? deref(properties[name]) : additional;
        walk(child, childSchema, [...path, name]);
      }
    }
  };
  walk(object, deref(kind.loaded.document.definitions[kind.definition]), []);
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
  deref: Deref,
  result: CelResult,
): void {
  const pointer = formatPointer(path);
  if (rule.rule.trim() === '') return; // an empty rule is no rule (the API server skips it too)
  const optionalOldSelf = rule.optionalOldSelf === true;
  if (usesOldSelf(rule.rule) && !optionalOldSelf) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: 'transition rule (oldSelf): the API server runs it on update only' });
    return;
  }
  const compiled = compile(rule.rule);
  if ('error' in compiled) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: compiled.error });
    return;
  }
  const self = toCel(value, schema, deref);
  if (compiled.asciiOnly && hasNonAsciiText(self)) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: 'string functions are evaluated on printable-ASCII text only here (cel-go reads UTF-8 code points, this library UTF-16)' });
    return;
  }
  if (compiled.comparesLists && hasSetOrMapList(value, schema, deref)) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: 'uses ==, != or + beside a set or map list, which cel-go compares and joins as a set or by key' });
    return;
  }
  let outcome: unknown;
  try {
    outcome = compiled.evaluate(optionalOldSelf ? { self, oldSelf: NO_OLD_SELF } : { self });
  } catch (error) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: `evaluation failed here: ${firstLine((error as Error).message)}` });
    return;
  }
  if (outcome === true) return;
  if (outcome !== false) {
    result.unevaluated.push({ pointer, rule: rule.rule, reason: 'does not evaluate to a bool' });
    return;
  }
  // The CRD is refused at creation when its fieldPath does not name a field of the schema; such a
  // rule cannot be here, and one we cannot read is reported at its own node.
  const relative = rule.fieldPath === undefined ? [] : (fieldPathSegments(rule.fieldPath) ?? []);
  result.findings.push({ pointer: formatPointer([...path, ...relative]), message: failureMessage(rule, self) });
}

/**
 * The message the API server gives: a messageExpression's result when it evaluates to a string
 * that, trimmed, is non-empty, has no line break and is at most 5 KiB; else the trimmed `message`;
 * else "failed rule: <rule>". Prefixed like the field error its `reason` makes.
 */
function failureMessage(rule: ValidationRule, self: unknown): string {
  let text: string | undefined;
  if (rule.messageExpression !== undefined) {
    const compiled = compile(rule.messageExpression);
    if (!('error' in compiled)) {
      try {
        const evaluated = compiled.evaluate({ self });
        const trimmed = typeof evaluated === 'string' ? evaluated.trim() : '';
        if (trimmed !== '' && !trimmed.includes('\n') && Buffer.byteLength(trimmed) <= MAX_MESSAGE_EXPRESSION_BYTES) text = trimmed;
      } catch {
        // The API server falls back to the message as well.
      }
    }
  }
  const message = rule.message?.trim() ?? '';
  text ??= message !== '' ? message : `failed rule: ${rule.rule.trim()}`;
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

const FIELD_PATH_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\' };

/**
 * A rule's fieldPath as segments, read as the API server's ValidFieldPath reads it: `.name` (any
 * text up to the next `.`, `[` or `]`) and `['name']` (single-quoted, with \a \b \f \n \r \t \v
 * \' \\ escapes); there is no list index. Undefined when it cannot be read.
 */
export function fieldPathSegments(fieldPath: string): string[] | undefined {
  const segments: string[] = [];
  let index = 0;
  const token = (): string | undefined => {
    if (index >= fieldPath.length) return undefined;
    if (fieldPath[index] === "'") {
      for (let end = index + 1; end < fieldPath.length; end++) {
        if (fieldPath[end] === "'" && fieldPath[end - 1] !== '\\') {
          const quoted = fieldPath.slice(index, end + 1);
          index = end + 1;
          return quoted;
        }
      }
      // An unterminated quote runs to the end, as the scanner returns it.
      const rest = fieldPath.slice(index);
      index = fieldPath.length;
      return rest;
    }
    if ('.[]'.includes(fieldPath[index]!)) return fieldPath[index++];
    let end = index;
    while (end < fieldPath.length && !'.[]'.includes(fieldPath[end]!)) end++;
    const text = fieldPath.slice(index, end);
    index = end;
    return text;
  };
  for (let current = token(); current !== undefined; current = token()) {
    if (current === '.') {
      const name = token();
      if (name === undefined) return undefined;
      segments.push(name);
    } else if (current === '[') {
      const quoted = token();
      if (quoted === undefined || quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return undefined;
      let invalid = false;
      const name = quoted.slice(1, -1).replace(/\\(.)/gs, (_, directive: string) => {
        const replacement = FIELD_PATH_ESCAPES[directive];
        if (replacement === undefined) invalid = true;
        return replacement ?? '';
      });
      if (invalid || token() !== ']') return undefined;
      segments.push(name);
    } else {
      return undefined;
    }
  }
  return segments;
}

/** Does the value hold a non-empty list of x-kubernetes-list-type set or map (at any depth)? */
function hasSetOrMapList(value: unknown, schema: JsonSchema | undefined, deref: Deref): boolean {
  if (schema === undefined || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if ((listType === 'set' || listType === 'map') && value.length > 0) return true;
    const items = deref(schema['items']);
    return value.some((item) => hasSetOrMapList(item, items, deref));
  }
  const properties = isSchemaObject(schema['properties']) ? schema['properties'] : {};
  const additional = deref(schema['additionalProperties']);
  return Object.entries(value as Record<string, unknown>).some(([name, child]) =>
    hasSetOrMapList(child, Object.hasOwn(properties, name) ? deref(properties[name]) : additional, deref),
  );
}

/** cel-js's duration class, reached through a value of it (the package does not export it). */
const CelDuration = (environment.parse("duration('1s')")({}) as object).constructor as new (seconds: bigint, nanos: number) => unknown;

/**
 * What stands in for a format-typed string cel-go cannot convert (it holds an error value there,
 * which fails any rule that reads it, while has() still sees the field): null, which here fails
 * most uses too and compares unequal, so a rule that reads it is refused on both sides or accepted
 * here only; never accepted there and refused here.
 */
const UNCONVERTIBLE = null;

/**
 * A string with a CEL-typed format as cel-go converts it (common/valuesunstructured.go): bytes
 * from base64 with the URL alphabet (strfmt.Base64), a duration by strfmt.ParseDuration, a
 * timestamp from a date or an RFC 3339 date-time. Values whose conversion is not certain here
 * (lowercase t/z, precision beyond milliseconds, years before 1) are UNCONVERTIBLE.
 */
function typedString(value: string, celType: unknown): unknown {
  switch (celType) {
    case 'bytes':
      if (!/^(?:[A-Za-z0-9]{4})*(?:[A-Za-z0-9]{2}==|[A-Za-z0-9]{3}=)?$/.test(value)) return UNCONVERTIBLE;
      return new Uint8Array(Buffer.from(value, 'base64'));
    case 'duration': {
      const nanos = strfmtDurationNanos(value);
      return nanos === undefined ? UNCONVERTIBLE : new CelDuration(nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
    }
    case 'timestamp': {
      const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
      if (match === null) return UNCONVERTIBLE;
      const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
      if (/[1-9]/.test(fraction.slice(3)) || Number(year) < 1 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return UNCONVERTIBLE;
      const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
      if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return UNCONVERTIBLE;
      const date = new Date(0);
      date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
      date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.slice(0, 3).padEnd(3, '0')));
      if (date.getUTCDate() !== Number(day)) return UNCONVERTIBLE; // not a day of that month
      return new Date(date.getTime() - offsetMinutes * 60_000);
    }
    default:
      return value;
  }
}

/**
 * The value as CEL sees it: integers as int (BigInt) unless the schema says number (double);
 * strings of format byte, duration, date and date-time as bytes, duration and timestamp.
 */
function toCel(value: unknown, schema: JsonSchema | undefined, deref: Deref): unknown {
  if (typeof value === 'string') return schema?.[CEL_TYPE] === undefined ? value : typedString(value, schema[CEL_TYPE]);
  if (typeof value === 'number') {
    const isDouble = schema !== undefined && schemaTypes(schema).includes('number');
    return !isDouble && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    const items = deref(schema?.['items']);
    return value.map((item) => toCel(item, items, deref));
  }
  if (value !== null && typeof value === 'object') {
    const properties = schema !== undefined && isSchemaObject(schema['properties']) ? schema['properties'] : {};
    const additional = deref(schema?.['additionalProperties']);
    // The API server prunes a null field or map value before validating, unless its schema is
    // nullable (PruneNonNullableNullsWithoutDefaults), so has() does not see it. The generated
    // schemas no longer tell an optional nullable field from an optional one: null is dropped.
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, child]) => child !== null)
        .map(([name, child]) => [name, toCel(child, Object.hasOwn(properties, name) ? deref(properties[name]) : additional, deref)]),
    );
  }
  return value;
}
