import { isDeepStrictEqual } from 'node:util';
import type { FieldChange } from '../core/plan.ts';
import { joinPointer } from '../core/pointer.ts';

/**
 * The keys that identify an item of a list, by the list's field name, as the Kubernetes API
 * declares them (`x-kubernetes-list-map-keys`, `x-kubernetes-patch-merge-key`) for the lists a
 * reviewer meets: containers by name, ports by port and protocol, env by name, mounts by path.
 * Other lists are compared by position.
 */
const listKeys: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  volumeClaimTemplates: ['metadata.name'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
  resourceClaims: ['name'],
};

/** Container and Service ports: `containerPort`/`port` with the protocol (default TCP). */
function portKey(item: Record<string, unknown>): string | undefined {
  const port = item['containerPort'] ?? item['port'];
  return typeof port === 'number' || typeof port === 'string' ? `${String(port)}/${typeof item['protocol'] === 'string' ? item['protocol'] : 'TCP'}` : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function keyOf(field: string, item: unknown): string | undefined {
  const fields = record(item);
  if (fields === undefined) return undefined;
  if (field === 'ports') return portKey(fields);
  const keys = listKeys[field];
  if (keys === undefined) return undefined;
  const values = keys.map((key) => key.split('.').reduce<unknown>((value, part) => record(value)?.[part], fields));
  return values.every((value) => typeof value === 'string' || typeof value === 'number') ? values.map(String).join(',') : undefined;
}

/** `spec.template.spec.containers[name=web].image`: how a reviewer names a field. */
function readable(path: string, segment: string, key?: string): string {
  if (key !== undefined) return `${path}[${key}]`;
  if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

interface DiffContext {
  changes: FieldChange[];
  /** Secret `data`/`stringData`: say which keys changed, never the values. */
  secret: boolean;
}

function walk(before: unknown, after: unknown, pointer: string, path: string, field: string, context: DiffContext): void {
  if (isDeepStrictEqual(before, after)) return;
  const redact = context.secret && (path === 'data' || path === 'stringData' || path.startsWith('data.') || path.startsWith('stringData.'));
  if (Array.isArray(before) && Array.isArray(after)) {
    const items: unknown[] = [...(before as unknown[]), ...(after as unknown[])];
    const keyed = items.every((item) => keyOf(field, item) !== undefined);
    if (keyed) {
      const beforeByKey = new Map(before.map((item) => [keyOf(field, item)!, item] as const));
      after.forEach((item, index) => {
        const key = keyOf(field, item)!;
        const label = `${listKeys[field]?.[0] ?? (field === 'ports' ? 'port' : 'key')}=${key}`;
        walk(beforeByKey.get(key), item, joinPointer(pointer, String(index)), readable(path, String(index), label), field, context);
        beforeByKey.delete(key);
      });
      for (const [key, item] of beforeByKey) {
        const label = `${listKeys[field]?.[0] ?? (field === 'ports' ? 'port' : 'key')}=${key}`;
        context.changes.push({ path: readable(path, '', label), pointer, before: item, after: undefined });
      }
      return;
    }
    context.changes.push({ path, pointer, before, after });
    return;
  }
  const beforeRecord = record(before);
  const afterRecord = record(after);
  if (beforeRecord !== undefined && afterRecord !== undefined && !redact) {
    for (const key of [...new Set([...Object.keys(beforeRecord), ...Object.keys(afterRecord)])].sort()) {
      walk(beforeRecord[key], afterRecord[key], key in afterRecord ? joinPointer(pointer, key) : pointer, readable(path, key), key, context);
    }
    return;
  }
  if (redact) {
    const keys = [...new Set([...Object.keys(beforeRecord ?? {}), ...Object.keys(afterRecord ?? {})])].sort();
    const changed = keys.filter((key) => !isDeepStrictEqual(beforeRecord?.[key], afterRecord?.[key]));
    context.changes.push({ path, pointer, before: undefined, after: undefined, redacted: changed });
    return;
  }
  context.changes.push({ path, pointer, before, after });
}

/**
 * The fields that differ between two versions of one object, each with the head's JSON pointer
 * (for its source line) and a path a reviewer reads; list items are matched by their keys (a
 * container moved in the list is not a change); a Secret's data is reduced to the names of the
 * keys that changed.
 */
export function semanticDiff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const context: DiffContext = { changes: [], secret: after['kind'] === 'Secret' && after['apiVersion'] === 'v1' };
  walk(before, after, '', '', '', context);
  return context.changes;
}
