import type { KubeObject } from '../core/manifest.ts';

/**
 * The part of a live object one field manager set, read from its `metadata.managedFields`
 * (structured-merge-diff's FieldsV1: `f:<field>` a field, `k:<json>` a list item by its keys,
 * `v:<json>` a set item by its value, `i:<n>` a list item by position, `.` the node itself; an
 * empty set below a field means the manager owns it whole). That is what Argo CD applied, as the
 * server stored it, without what the server or other managers added (defaults, allocated
 * addresses, status, a controller's replicas).
 */

type FieldSet = { [key: string]: FieldSet };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The union of the FieldsV1 sets of every managedFields entry of `manager` (Apply and Update alike). */
export function fieldsOwnedBy(object: KubeObject, manager: string): FieldSet | undefined {
  const entries = Array.isArray(object.metadata['managedFields']) ? (object.metadata['managedFields'] as unknown[]) : [];
  let owned: FieldSet | undefined;
  for (const entry of entries) {
    if (!isRecord(entry) || entry['manager'] !== manager || !isRecord(entry['fieldsV1'])) continue;
    owned = merge(owned ?? {}, entry['fieldsV1'] as FieldSet);
  }
  return owned;
}

function merge(into: FieldSet, from: FieldSet): FieldSet {
  const result: FieldSet = { ...into };
  for (const [key, child] of Object.entries(from)) {
    if (!isRecord(child)) continue;
    result[key] = merge(result[key] ?? {}, child);
  }
  return result;
}

/** The value reduced to the fields of `set` (the whole value when the set names nothing below it). */
export function projectFields(value: unknown, set: FieldSet): unknown {
  const children = Object.keys(set).filter((key) => key !== '.');
  if (children.length === 0) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    value.forEach((item, index) => {
      for (const key of children) {
        if (!matchesItem(key, item, index)) continue;
        const projected = projectFields(item, set[key]!);
        // A keyed item keeps its keys, whoever owns them: they say which item it is.
        items.push(key.startsWith('k:') && isRecord(projected) ? { ...(JSON.parse(key.slice(2)) as Record<string, unknown>), ...projected } : projected);
        break;
      }
    });
    return items;
  }
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const key of children) {
    if (!key.startsWith('f:')) continue;
    const field = key.slice(2);
    if (Object.hasOwn(value, field)) result[field] = projectFields(value[field], set[key]!);
  }
  return result;
}

function matchesItem(key: string, item: unknown, index: number): boolean {
  if (key.startsWith('i:')) return Number(key.slice(2)) === index;
  let wanted: unknown;
  try {
    wanted = JSON.parse(key.slice(2));
  } catch {
    return false;
  }
  if (key.startsWith('v:')) return JSON.stringify(wanted) === JSON.stringify(item);
  if (!key.startsWith('k:') || !isRecord(wanted) || !isRecord(item)) return false;
  return Object.entries(wanted).every(([field, expected]) => JSON.stringify(item[field]) === JSON.stringify(expected));
}

/**
 * What Argo CD last applied of a live object: the fields its field manager owns (server-side
 * apply, and client-side apply under the same manager name), else the client-side
 * `kubectl.kubernetes.io/last-applied-configuration`; undefined when the object records neither
 * (it was not applied by Argo CD). apiVersion, kind, name and namespace are always kept.
 */
export function appliedState(live: KubeObject, manager: string): KubeObject | undefined {
  const owned = fieldsOwnedBy(live, manager);
  let applied: Record<string, unknown> | undefined;
  if (owned !== undefined) {
    applied = projectFields(live, owned) as Record<string, unknown>;
  } else {
    const text = live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    if (text === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isRecord(parsed)) return undefined;
      applied = parsed;
    } catch {
      return undefined;
    }
  }
  const metadata = isRecord(applied['metadata']) ? applied['metadata'] : {};
  const identity = { name: live.metadata.name, ...(live.metadata.namespace === undefined ? {} : { namespace: live.metadata.namespace }) };
  return withoutServerStatus({ ...applied, apiVersion: live.apiVersion, kind: live.kind, metadata: { ...metadata, ...identity } });
}

/**
 * A StatefulSet's claim templates are one atomic field, stored with the `status` the server
 * defaults into each (phase Pending); the update the API server compares gets the same default,
 * so it is no part of what was applied.
 */
function withoutServerStatus(object: KubeObject): KubeObject {
  if (object.kind !== 'StatefulSet' || !isRecord(object['spec']) || !Array.isArray(object['spec']['volumeClaimTemplates'])) return object;
  const templates = (object['spec']['volumeClaimTemplates'] as unknown[]).map((template) => {
    if (!isRecord(template)) return template;
    const { status: _status, ...rest } = template;
    return rest;
  });
  return { ...object, spec: { ...object['spec'], volumeClaimTemplates: templates } };
}
