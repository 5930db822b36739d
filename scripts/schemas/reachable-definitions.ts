import { type JsonSchema, refTarget } from './json-schema.ts';

/**
 * The definitions reachable from `roots` through `$ref`, in a deterministic order (roots first,
 * then depth-first in key order). Used to drop unused definitions from the output and, at
 * validation time, to build the self-contained schema of one kind.
 */
export function reachableDefinitions(
  definitions: Record<string, JsonSchema>,
  roots: readonly string[],
): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  const visit = (name: string): void => {
    if (name in result) return;
    const definition = definitions[name];
    if (definition === undefined) throw new Error(`schema references missing definition ${name}`);
    result[name] = definition;
    collectRefs(definition, visit);
  };
  for (const root of roots) visit(root);
  return result;
}

function collectRefs(node: unknown, visit: (name: string) => void): void {
  if (Array.isArray(node)) {
    for (const entry of node) collectRefs(entry, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const target = refTarget(node as JsonSchema);
  if (target !== undefined) visit(target);
  for (const value of Object.values(node)) {
    if (value !== null && typeof value === 'object') collectRefs(value, visit);
  }
}
