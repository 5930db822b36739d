/**
 * How messages of every stage name a value or its type (the load and validate stages both use
 * these): one vocabulary, JSON's, as Kubernetes API errors use it (a list, an object, an integer).
 */
import { isVariableReference } from './variable-reference.ts';
import { redactUrlCredentials } from './url-credentials.ts';

/** A short, readable rendering of a JSON value for messages: `string "3"`, `boolean true`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `string ${quote(value)}`;
    case 'number':
      return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** The kind of value without the value: `a string`, `an integer`, `a boolean`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The value alone, as it would be written: `"web"`, `8080`, `true`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === undefined) return 'nothing';
  const text = redactUrlCredentials(JSON.stringify(value), isVariableReference);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A value as message text: a scalar as written (`25%`, `2`, `true`), a list or an object as short
 * JSON rather than `[object Object]` (rules also see objects that failed schema validation).
 */
export function valueText(value: unknown): string {
  return typeof value === 'object' && value !== null ? showValue(value) : String(value);
}

/** Credentials leave a URL before it is cut short: a cut could fall between password and `@`. */
function quote(text: string): string {
  const json = JSON.stringify(redactUrlCredentials(text, isVariableReference));
  return json.length > 62 ? `${json.slice(0, 58)}..."` : json;
}
