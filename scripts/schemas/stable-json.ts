/**
 * JSON with object keys sorted at every level and a trailing newline: the same input always
 * gives the same bytes, so re-running the generator leaves `git status` clean.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value)) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}
