import type { KubeObject } from '../core/manifest.ts';
import { isRecord } from '../core/json-values.ts';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
}

/**
 * The field managers (metadata.managedFields) that own the field at `path` of the live object
 * (indices are the live list's): their FieldsV1 set holds it, or a leaf above it (an atomic list
 * or map is owned whole). A list item is found by its key (`k:{"name":"web"}`), its value
 * (`v:"x"`) or its index (`i:0`).
 */
export function ownersOf(live: KubeObject, path: ReadonlyArray<string | number>): Array<{ manager: string; operation: string }> {
  const entries = Array.isArray(live.metadata['managedFields']) ? (live.metadata['managedFields'] as ManagedFieldsEntry[]) : [];
  return entries
    .filter((entry) => entry.fieldsType === 'FieldsV1' && isRecord(entry.fieldsV1) && owns(entry.fieldsV1, live, path))
    .map((entry) => ({ manager: entry.manager ?? '', operation: entry.operation ?? '' }));
}

function owns(set: Record<string, unknown>, live: unknown, path: ReadonlyArray<string | number>): boolean {
  let node: Record<string, unknown> = set;
  let value: unknown = live;
  for (const segment of path) {
    if (Object.keys(node).length === 0) return true;
    let next: unknown;
    if (typeof segment === 'number' && Array.isArray(value)) {
      const item: unknown = value[segment];
      next = Object.entries(node).find(([key]) => itemMatches(key, item, segment))?.[1];
      value = item;
    } else {
      next = node[`f:${segment}`];
      value = isRecord(value) ? value[String(segment)] : undefined;
    }
    if (!isRecord(next)) return false;
    node = next;
  }
  return true;
}

function itemMatches(key: string, item: unknown, index: number): boolean {
  if (key === `i:${index}`) return true;
  if (key.startsWith('v:')) return key === `v:${JSON.stringify(item)}`;
  if (!key.startsWith('k:') || !isRecord(item)) return false;
  try {
    const fields = JSON.parse(key.slice(2)) as Record<string, unknown>;
    return Object.entries(fields).every(([name, wanted]) => JSON.stringify(item[name]) === JSON.stringify(wanted));
  } catch {
    return false;
  }
}
