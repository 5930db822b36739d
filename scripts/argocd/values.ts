import { isRecord, record } from '../core/json-values.ts';

export { isRecord, record };

/** `argocd.argoproj.io/sync-options: Prune=false` on the object: Argo CD never prunes it (it orphans it). */
export function isPruneProtected(annotations: Readonly<Record<string, string>> | undefined): boolean {
  return (annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',').some((option) => option.trim() === 'Prune=false');
}

/** Kinds whose deletion takes data with it: a claim, a volume, a StatefulSet (its claims follow its retention policy), a Namespace. */
export const dataHoldingKinds: ReadonlySet<string> = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet', 'Namespace']);
