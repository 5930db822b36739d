import { createHash } from 'node:crypto';
import { type JsonSchema, definitionRef, isSchemaObject } from './json-schema.ts';
import { stableStringify } from './stable-json.ts';

/** Subschemas smaller than this (as JSON) are cheaper to repeat than to reference. */
const MIN_SHARED_SIZE = 400;

/**
 * Moves object schemas that occur more than once into `definitions` and references them.
 * CRD schemas are written fully inline; Argo CD's ApplicationSet repeats the whole Application
 * template in every generator. Sharing them makes the files smaller and lets ajv compile each
 * repeated part once instead of once per occurrence. Validation is unchanged.
 */
export function shareRepeatedSubschemas(root: JsonSchema): { root: JsonSchema; shared: Record<string, JsonSchema> } {
  const counts = new Map<string, number>();
  countSubschemas(root, counts, true);
  const shared: Record<string, JsonSchema> = {};
  const rewrite = (node: unknown, isRoot: boolean): unknown => {
    if (Array.isArray(node)) return node.map((entry) => rewrite(entry, false));
    if (!isSchemaObject(node)) return node;
    const text = shareable(node, isRoot) ? stableStringify(node) : undefined;
    if (text !== undefined && (counts.get(text) ?? 0) > 1) {
      const name = `shared.${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
      if (!(name in shared)) shared[name] = rewriteChildren(node, rewrite);
      return { $ref: definitionRef(name) };
    }
    return rewriteChildren(node, rewrite);
  };
  return { root: rewriteChildren(root, rewrite), shared };
}

/** Only schema positions are rewritten; `enum` values, `required` lists and the like are data. */
const schemaMapKeywords = new Set(['properties']);
const schemaKeywords = new Set(['items', 'additionalProperties', 'not']);
const schemaListKeywords = new Set(['allOf', 'anyOf', 'oneOf']);

function rewriteChildren(node: JsonSchema, rewrite: (child: unknown, isRoot: boolean) => unknown): JsonSchema {
  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (schemaMapKeywords.has(keyword) && isSchemaObject(value)) {
      result[keyword] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, rewrite(child, false)]));
    } else if (schemaKeywords.has(keyword) || schemaListKeywords.has(keyword)) {
      result[keyword] = rewrite(value, false);
    } else {
      result[keyword] = value;
    }
  }
  return result;
}

function countSubschemas(node: unknown, counts: Map<string, number>, isRoot: boolean): void {
  if (Array.isArray(node)) {
    for (const entry of node) countSubschemas(entry, counts, false);
    return;
  }
  if (!isSchemaObject(node)) return;
  if (shareable(node, isRoot)) {
    const text = stableStringify(node);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  rewriteChildren(node, (child) => {
    countSubschemas(child, counts, false);
    return child;
  });
}

function shareable(node: JsonSchema, isRoot: boolean): boolean {
  return !isRoot && node['properties'] !== undefined && JSON.stringify(node).length >= MIN_SHARED_SIZE;
}
