import { isSecretLikeName } from '../check/credentials.ts';
import { parsePointer, valueAt } from '../core/pointer.ts';

/**
 * Whether the value at a pointer is, or holds, a secret, so that no message may repeat it: what a
 * Secret carries under `data` or `stringData` in any shape (a map, a string, a number, nested);
 * a ConfigMap's `data` or `binaryData` as a whole, and its entries under secret-like keys; the
 * value of an environment variable with a secret-like name. Field names alone do not count:
 * `secretKey` or `key` name where a secret is, not what it is.
 */
export function isSecretValue(object: unknown, pointer: string): boolean {
  const path = parsePointer(pointer);
  const kind = valueAt(object, ['kind']);
  const [top, key] = path;
  if (kind === 'Secret' && (top === 'data' || top === 'stringData')) return true;
  if (kind === 'ConfigMap' && (top === 'data' || top === 'binaryData')) return key === undefined || isSecretLikeName(String(key));
  const env = path.lastIndexOf('env');
  if (env >= 0 && typeof path[env + 1] === 'number' && path[env + 2] !== 'name') {
    // `…/env/3` and its value: the variable's name (never secret itself) says whether it holds one.
    const name = valueAt(object, [...path.slice(0, env + 2), 'name']);
    return typeof name === 'string' && isSecretLikeName(name);
  }
  return false;
}
