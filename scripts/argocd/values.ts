/** Reading manifests field by field, where nothing about a value's shape is known yet. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value as a mapping, or an empty one when it is not a mapping. */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** `argocd.argoproj.io/sync-options: Prune=false` on the object: Argo CD never prunes it (it orphans it). */
export function isPruneProtected(annotations: Readonly<Record<string, string>> | undefined): boolean {
  return (annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',').some((option) => option.trim() === 'Prune=false');
}

/** Kinds whose deletion takes data with it: a claim, a volume, a StatefulSet (its claims follow its retention policy), a Namespace. */
export const dataHoldingKinds: ReadonlySet<string> = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet', 'Namespace']);
