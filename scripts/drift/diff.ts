import type { KubeObject } from '../core/manifest.ts';
import { toPointer, type PathSegment } from '../core/pointer.ts';
import { ownersOf } from './managed-fields.ts';
import { compareQuantities } from '../core/quantity.ts';

/** A field Git declares whose live value is another one, or which the live object lacks (`live` undefined). */
export interface FieldDrift {
  /** JSON pointer into the desired (rendered) object: where Git declares the field. */
  pointer: string;
  desired: unknown;
  live: unknown;
  /** The field managers that own the field in the live object (metadata.managedFields), when it is there. */
  managers: string[];
}

export interface DiffOptions {
  /** Pointers (into the desired object) not compared, with everything below them. */
  ignored?: ReadonlySet<string>;
}

/**
 * Keys a list of objects is merged by, in the order tried; the first whose values are unique in
 * the desired list matches its items to the live list (strategic-merge and server-side-apply list
 * keys: volumeMounts by mountPath, containers, env and volumes by name, ports by port and
 * protocol, TCP when unset). Other lists are compared item by item.
 */
const listKeys: ReadonlyArray<readonly string[]> = [['mountPath'], ['name'], ['containerPort', 'protocol'], ['port', 'protocol']];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
const keyValue = (item: Json, fields: readonly string[]) => JSON.stringify(fields.map((field) => item[field] ?? (field === 'protocol' ? 'TCP' : null)));

/** The key fields of a list of objects whose every item has the first of them as a scalar, unique across the list. */
function listKey(items: readonly unknown[]): readonly string[] | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  const objects = items as Json[];
  return listKeys.find((fields) => objects.every((item) => isScalar(item[fields[0]!])) && new Set(objects.map((item) => keyValue(item, fields))).size === objects.length);
}

/** Equal as the API server stores them: the same value, or the same quantity (`1000m` and `1`, `0.5Gi` and `512Mi`). */
export function sameValue(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (typeof desired === 'string' || typeof live === 'string') {
    if (typeof desired === 'boolean' || typeof live === 'boolean') return false;
    return compareQuantities(desired, live) === 0;
  }
  return false;
}

/**
 * The fields the desired object declares whose live value differs. Only what Git declares is
 * compared: fields the server fills in (defaults, status, uid, managedFields) and fields other
 * managers add are never looked at; an item of a live list Git does not have is not drift.
 */
export function declaredFieldDrift(desired: unknown, live: unknown, options: DiffOptions = {}): FieldDrift[] {
  const out: FieldDrift[] = [];
  const owners = (livePath: readonly PathSegment[]) =>
    isObject(live) && isObject(live['metadata']) ? ownersOf(live as unknown as KubeObject, livePath).map((owner) => `${owner.manager}${owner.operation === 'Update' ? ' (Update)' : ''}`) : [];
  const walk = (want: unknown, have: unknown, path: PathSegment[], livePath: PathSegment[]) => {
    const pointer = toPointer(path);
    if (options.ignored?.has(pointer)) return;
    if (want === null || want === undefined) return;
    // The API server omits an empty map, list or string (omitempty): Git's `{}`, `[]` or `''` is no drift when live has none.
    if (have === undefined && (want === '' || (Array.isArray(want) && want.length === 0) || (isObject(want) && Object.keys(want).length === 0))) return;
    const report = () => out.push({ pointer, desired: want, live: have, managers: have === undefined ? [] : owners(livePath) });
    if (isObject(want)) {
      if (!isObject(have)) return report();
      for (const [key, value] of Object.entries(want)) walk(value, have[key], [...path, key], [...livePath, key]);
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(have)) return report();
      const key = listKey(want);
      if (key !== undefined) {
        want.forEach((item, index) => {
          const at = have.findIndex((candidate) => isObject(candidate) && keyValue(candidate, key) === keyValue(item as Json, key));
          walk(item, at < 0 ? undefined : have[at], [...path, index], [...livePath, at < 0 ? index : at]);
        });
        return;
      }
      if (want.every((item) => !isObject(item) && !Array.isArray(item))) {
        if (want.length !== have.length || want.some((item, index) => !sameValue(item, have[index]))) report();
        return;
      }
      want.forEach((item, index) => walk(item, have[index], [...path, index], [...livePath, index]));
      return;
    }
    if (!sameValue(want, have)) report();
  };
  walk(desired, live, [], []);
  return out;
}
