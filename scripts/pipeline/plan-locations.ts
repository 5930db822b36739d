import type { KubeObject, Manifest } from '../core/manifest.ts';
import type { PlanEntry } from '../core/plan.ts';
import type { FieldToLocate } from '../locate/index.ts';
import type { LoadedTarget } from './argocd-models.ts';

/** A field of the plan to locate, and where to write its place: the entry itself, or one of its changes. */
export type PlanField = FieldToLocate & { entry: PlanEntry; change?: number };

/** What of the plan has a place in the head's files: each entry's object, and each change's field. */
export function planFields(plan: { entries: readonly PlanEntry[]; heads: ReadonlyMap<PlanEntry, KubeObject> }, own: readonly LoadedTarget[]): PlanField[] {
  const manifestOf = new Map<KubeObject, Manifest>();
  for (const target of own) for (const manifest of target.manifests) manifestOf.set(manifest.object, manifest);
  const fields: PlanField[] = [];
  for (const entry of plan.entries) {
    const object = plan.heads.get(entry);
    const subject = object === undefined ? undefined : manifestOf.get(object);
    if (subject === undefined) continue;
    fields.push({ subject, pointer: '', entry });
    (entry.changes ?? []).forEach((change, index) => fields.push({ subject, pointer: change.pointer, entry, change: index }));
  }
  return fields;
}

export function placePlanFields(fields: readonly PlanField[], places: readonly { file: string; line: number }[]): void {
  fields.forEach((field, index) => {
    const place = places[index];
    if (place === undefined) return;
    const target = field.change === undefined ? field.entry : field.entry.changes?.[field.change];
    if (target === undefined) return;
    target.file = place.file;
    target.line = place.line;
  });
}
