/**
 * Defensive reads. Rules also see objects that failed schema validation (the schema finding is
 * already reported), so any field may hold any JSON value: these helpers turn the wrong shape
 * into "absent" instead of a crash, keeping list indexes for pointers.
 */

/** The value as a plain object, or undefined for anything else (including arrays and null). */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The plain-object items of a list, typed as the API says they are, with their indexes. */
export function objectItems<T>(list: unknown): [item: T, index: number][] {
  if (!Array.isArray(list)) return [];
  const items: [T, number][] = [];
  for (let index = 0; index < list.length; index++) {
    const item: unknown = list[index];
    if (asRecord(item) !== undefined) items.push([item as T, index]);
  }
  return items;
}

/** The string items of a list, with their indexes. */
export function stringItems(list: unknown): [item: string, index: number][] {
  if (!Array.isArray(list)) return [];
  const items: [string, number][] = [];
  for (let index = 0; index < list.length; index++) {
    const item: unknown = list[index];
    if (typeof item === 'string') items.push([item, index]);
  }
  return items;
}

/** A string-to-string map such as labels; other entries are dropped. */
export function stringMap(value: unknown): Readonly<Record<string, string>> | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  // Loaded objects are plain data (no inherited enumerable keys): `for...in` walks their own keys
  // without building an array, on every label map a rule reads.
  for (const key in record) {
    if (typeof record[key] !== 'string') {
      return Object.fromEntries(Object.entries(record).filter(([, item]) => typeof item === 'string')) as Record<string, string>;
    }
  }
  return record as Record<string, string>;
}
