import { isSecretLikeName } from '../core/credentials.ts';
import { parsePointer, valueAt } from '../core/pointer.ts';

/**
 * Whether the value at a pointer is, or holds, a secret, so that no message may repeat it: what a
 * Secret carries under `data` or `stringData` in any shape (a map, a string, a number, nested);
 * a ConfigMap's `data` or `binaryData` as a whole, and its entries under secret-like keys; an
 * annotation under a secret-like key; and the value of a name/value pair with a secret-like name
 * (an environment variable, a Helm parameter of an Argo CD Application). Field names alone do not
 * count: `secretKey` or `key` say where a secret is, not what it is.
 */
export function isSecretValue(object: unknown, pointer: string): boolean {
  const path = parsePointer(pointer);
  const kind = valueAt(object, ['kind']);
  const [top, key] = path;
  if (kind === 'Secret' && (top === 'data' || top === 'stringData')) return true;
  if (kind === 'ConfigMap' && (top === 'data' || top === 'binaryData')) return key === undefined || isSecretLikeName(String(key));
  if (top === 'metadata' && key === 'annotations' && path.length > 2) return isSecretLikeName(String(path[2]));
  return path.some((segment, index) => {
    // `…/env/3` and its value, never its name: the pair's name says whether the value is a secret.
    if (typeof segment !== 'number' || path[index + 1] === 'name') return false;
    const item = valueAt(object, path.slice(0, index + 1));
    return isNameValuePair(item) && isSecretLikeName(item.name);
  });
}

function isNameValuePair(item: unknown): item is { name: string; value: unknown } {
  return item !== null && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' && 'value' in item;
}
