import { groupOf } from './api-version.ts';

/**
 * Questions about a kind index (`apps/v1/Deployment` -> definition), as found in a Kubernetes
 * version's schema document or the CRD index.
 */

/** The apiVersions that serve `kind`. */
export function apiVersionsServing(kinds: Record<string, string>, kind: string): string[] {
  const suffix = `/${kind}`;
  return Object.keys(kinds)
    .filter((key) => key.endsWith(suffix))
    .map((key) => key.slice(0, -suffix.length));
}

/** The kinds one apiVersion serves. */
export function kindsServedBy(kinds: Record<string, string>, apiVersion: string): string[] {
  const prefix = `${apiVersion}/`;
  return Object.keys(kinds)
    .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
    .map((key) => key.slice(prefix.length));
}

/** The apiVersions served in one group ('' is the core group). */
export function apiVersionsOfGroup(kinds: Record<string, string>, group: string): string[] {
  const apiVersions = new Set(Object.keys(kinds).map(apiVersionOfKey));
  return [...apiVersions].filter((apiVersion) => groupOf(apiVersion) === group);
}

/** The kind part of an index key. */
export function kindOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** The apiVersion part of an index key. */
export function apiVersionOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('/'));
}
