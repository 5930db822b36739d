import { isObject, type Json } from './finding.ts';

/**
 * What reaches the API server when Argo CD syncs an object that has `generateName` and no `name`.
 *
 * - A sync hook is named by gitops-engine (getSyncTasks): the generateName, then
 *   `<revision, 7 characters>-<phase>-<sync start, Unix seconds>`, lower-cased. The name is
 *   checked as the server checks any name; here the revision is taken to be a git commit (this
 *   repository's sources are git) and the phase the shortest of the hook's phases, so the name
 *   checked is the shortest Argo CD can give.
 * - Anything else is applied with kubectl's apply, which refuses an object without a name
 *   before it sends anything ("cannot use generate name with apply").
 * - An object whose only hook type is Skip is never applied.
 */
export type AppliedName = { kind: 'named' } | { kind: 'hook'; name: string } | { kind: 'refused' } | { kind: 'skipped' };

const argocdHook = 'argocd.argoproj.io/hook';
const helmHook = 'helm.sh/hook';
/** The hook types gitops-engine knows (common.HookType), by the phase name they run in. */
const argocdHookTypes = new Set(['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete', 'Skip']);
/** `<7 characters of the revision>-` and `-<10 digits of Unix time>` around the phase. */
const revisionLength = 7;
const unixSecondsLength = 10;

function csv(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * The hook types of an object as gitops-engine reads them (hook.IsHook, hook.Types): the Argo CD
 * annotation when present, else the Helm one (where crd-install means no hook at all).
 */
function hookTypes(annotations: Json): string[] | undefined {
  const argocd = annotations[argocdHook];
  if (typeof argocd === 'string') return csv(argocd).filter((type) => argocdHookTypes.has(type));
  const helm = annotations[helmHook];
  if (typeof helm !== 'string') return undefined;
  if (csv(helm).includes('crd-install')) return undefined;
  // A Helm hook's phase is not read here: Sync, the shortest phase name, gives the shortest name.
  return [];
}

export function appliedName(meta: Json): AppliedName {
  const name = meta.name;
  const generateName = meta.generateName;
  if ((typeof name === 'string' && name !== '') || typeof generateName !== 'string' || generateName === '') return { kind: 'named' };
  const annotations = isObject(meta.annotations) ? meta.annotations : {};
  const types = hookTypes(annotations);
  if (types === undefined) return { kind: 'refused' };
  // gitops-engine: a Skip hook is skipped when Skip is its only type.
  if (types.includes('Skip') && types.length === 1) return { kind: 'skipped' };
  const phases = types.filter((type) => type !== 'Skip');
  // An annotation naming no known type still makes a hook (the key is what counts); it runs in Sync.
  const phase = phases.length === 0 ? 'Sync' : phases.reduce((shortest, type) => (type.length < shortest.length ? type : shortest));
  return { kind: 'hook', name: `${generateName}${'0'.repeat(revisionLength)}-${phase.toLowerCase()}-${'1'.repeat(unixSecondsLength)}` };
}
