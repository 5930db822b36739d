/** One thing the API server's own (hand-written) validation would refuse in an object. */
export interface NativeFinding {
  /** JSON pointer of the offending field; for a missing field, where it belongs. */
  pointer: string;
  message: string;
}

/** Findings accumulate in one array per object: checks push, nothing is copied. */
export type Findings = NativeFinding[];

/** A JSON pointer segment for a map key (RFC 6901 escaping). */
export function key(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A field's value as an object, list, string or number, or undefined when absent or of another
 * type (the schema's business). Callers read the field themselves (`asString(spec.type)`), so
 * each property load stays at its own call site: the per-object checks run on every object.
 */
export function asObject(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The same, for a field whose name is itself a variable. */
export function objectAt(parent: Json, field: string): Json | undefined {
  const value = parent[field];
  return isObject(value) ? value : undefined;
}

export function arrayAt(parent: Json, field: string): unknown[] | undefined {
  const value = parent[field];
  return Array.isArray(value) ? value : undefined;
}

export function stringAt(parent: Json, field: string): string | undefined {
  const value = parent[field];
  return typeof value === 'string' ? value : undefined;
}


/** `value` when it is one of `allowed`; otherwise a finding naming them. Absent values pass (defaults apply). */
export function checkEnum(out: Findings, parent: Json, field: string, pointer: string, allowed: readonly string[], what: string): void {
  const value = parent[field];
  // An empty string is what defaulting replaces, like an absent field: never a finding here.
  if (typeof value !== 'string' || value === '' || allowed.includes(value)) return;
  out.push({ pointer: `${pointer}/${field}`, message: `${what} "${value}" is not one the API server accepts: use ${orList(allowed)}` });
}

export function orList(values: readonly string[]): string {
  if (values.length === 1) return values[0]!;
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A count or duration that may be zero but not negative. */
export function checkNonNegative(out: Findings, parent: Json, field: string, pointer: string): void {
  const value = parent[field];
  if (typeof value === 'number' && value < 0) out.push({ pointer: `${pointer}/${field}`, message: `${field} must be 0 or more, not ${value}` });
}

export function checkPositive(out: Findings, parent: Json, field: string, pointer: string): void {
  const value = parent[field];
  if (typeof value === 'number' && value <= 0) out.push({ pointer: `${pointer}/${field}`, message: `${field} must be greater than 0, not ${value}` });
}
