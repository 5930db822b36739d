/**
 * What the argocd-* rules share: the kinds an Argo CD annotation may sit on, and how Argo CD
 * (gitops-engine) reads its sync annotations.
 */
import { joinPointer } from '../../core/pointer.ts';
import type { KubeObject } from '../../core/manifest.ts';
import type { KindSelector } from '../types.ts';
import { asRecord } from '../values.ts';

export const syncWaveAnnotation = 'argocd.argoproj.io/sync-wave';
export const syncOptionsAnnotation = 'argocd.argoproj.io/sync-options';

/** An Argo CD annotation may sit on any object an Application deploys (kustomization files aside). */
export const annotatedKinds: readonly KindSelector[] = [{ kind: '*' }];

/** Whether an object is an Argo CD Application (argoproj.io, any version). */
export function isApplication(object: KubeObject): boolean {
  return object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/');
}

export function annotationPointer(key: string): string {
  return joinPointer('/metadata/annotations', key);
}

export function annotationOf(object: KubeObject, key: string): string | undefined {
  const value = asRecord(object.metadata.annotations)?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Go's strconv.Atoi, which gitops-engine applies to the sync-wave annotation (syncwaves.Wave):
 * an optional sign and decimal digits, nothing else (no spaces, no `1.0`), within int64.
 */
export function atoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return undefined;
  return Number(value);
}

/**
 * The wave Argo CD syncs an object in: the sync-wave annotation when Atoi reads it, else the
 * Helm hook weight (`helm.sh/hook-weight`, read the same way), else 0.
 */
export function waveOf(object: KubeObject): number {
  const wave = annotationOf(object, syncWaveAnnotation);
  const parsed = wave === undefined ? undefined : atoi(wave);
  if (parsed !== undefined) return parsed;
  const weight = annotationOf(object, 'helm.sh/hook-weight');
  return (weight === undefined ? undefined : atoi(weight)) ?? 0;
}
