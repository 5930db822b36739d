import { kindRules } from './kinds.ts';
import { validateObjectMeta } from './object-meta.ts';
import { isObject, type NativeFinding } from './finding.ts';

export type { NativeFinding } from './finding.ts';

/**
 * The API server's own validation of an object it is asked to create, offline: what its
 * hand-written validators (object meta, pod spec, per kind) refuse beyond the OpenAPI schema,
 * after the defaulting those checks depend on. Call it on objects the schema accepted. Pure, no
 * I/O; kinds it does not know (custom resources among them) yield nothing. The rules are those
 * of Kubernetes 1.36, measured against its API server; where 1.36 relaxed a rule (Service names,
 * environment variable names) the relaxed form is checked, so an older bundled version can only
 * refuse more, never less. `kubernetesVersion` selects nothing yet: it is where a rule that
 * differs by release goes once one is measured.
 */
export function validateNative(object: unknown, kubernetesVersion: string): NativeFinding[] {
  void kubernetesVersion;
  if (!isObject(object)) return [];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
  const rules = kindRules.get(`${apiVersion} ${kind}`);
  if (rules === undefined) return [];
  const out: NativeFinding[] = [];
  const meta = object.metadata;
  if (isObject(meta)) validateObjectMeta(out, meta, kind, rules.nameRule, rules.namespaced, rules.strictFinalizers !== false);
  rules.validate?.(out, object);
  return out;
}
