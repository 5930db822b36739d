import { appliedName } from './argocd-apply.ts';
import { customResourceRules } from './custom-resource.ts';
import { kindRules } from './kinds.ts';
import { validateObjectMeta } from './object-meta.ts';
import { shown } from './names.ts';
import { isObject, type Json, type NativeFinding } from './finding.ts';

export type { NativeFinding } from './finding.ts';

export interface NativeOptions {
  /** The object is a custom resource (its API group is none of Kubernetes' own). */
  customResource?: boolean;
}

/**
 * The API server's own validation of an object it is asked to create, offline: what its
 * hand-written validators (object meta, pod spec, per kind) refuse beyond the OpenAPI schema,
 * after the defaulting those checks depend on. Call it on objects the schema accepted. Pure, no
 * I/O. Custom resources get the metadata checks apiextensions applies to every one; built-in
 * kinds not listed get none. The object is checked as Argo CD submits it: an object with only
 * `generateName` is refused unless it is a hook, and a hook is checked under the name
 * gitops-engine gives it. The rules are those of Kubernetes 1.36, measured against its API
 * server; where 1.36 relaxed a rule (Service names, environment variable names) the relaxed form
 * is checked, so an older bundled version can only refuse more, never less. `kubernetesVersion`
 * selects nothing yet: it is where a rule that differs by release goes once one is measured.
 */
export function validateNative(object: unknown, kubernetesVersion: string, options: NativeOptions = {}): NativeFinding[] {
  void kubernetesVersion;
  if (!isObject(object)) return [];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
  const out: NativeFinding[] = [];
  const meta = isObject(object.metadata) ? object.metadata : undefined;
  const applied = meta === undefined ? undefined : appliedName(meta);
  if (applied?.kind === 'refused') {
    out.push({
      pointer: '/metadata/generateName',
      message:
        'generateName without a name works only on a hook: Argo CD applies any other object with kubectl apply, which refuses it ("cannot use generate name with apply"); give it a name, or make it a hook (argocd.argoproj.io/hook)',
    });
  }
  const rules = kindRules.get(`${apiVersion} ${kind}`) ?? (options.customResource === true ? customResourceRules : undefined);
  if (rules === undefined || meta === undefined) return out;
  // A hook is validated as submitted: named by gitops-engine. What that name breaks is reported
  // on generateName, the field the author wrote.
  const named: Json = applied?.kind === 'hook' ? { ...object, metadata: { ...meta, name: applied.name } } : object;
  const start = out.length;
  validateObjectMeta(out, named.metadata as Json, kind, rules.nameRuleOf?.(named) ?? rules.nameRule, rules.namespaced, rules.strictFinalizers !== false);
  rules.validate?.(out, named);
  if (applied?.kind === 'hook') return moveToGenerateName(out, start, applied.name);
  return out;
}

function moveToGenerateName(out: NativeFinding[], start: number, name: string): NativeFinding[] {
  const onGenerateName = out.some((finding, index) => index >= start && finding.pointer === '/metadata/generateName');
  const kept: NativeFinding[] = out.slice(0, start);
  for (const finding of out.slice(start)) {
    if (finding.pointer !== '/metadata/name') kept.push(finding);
    // The generateName's own finding already says it; the generated name adds nothing.
    else if (!onGenerateName) kept.push({ pointer: '/metadata/generateName', message: `as a hook, Argo CD names it "${shown(name)}" (generateName, revision, phase, time): ${finding.message}` });
  }
  return kept;
}
