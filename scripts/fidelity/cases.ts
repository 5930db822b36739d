import { baselines, fidelityNamespace, type KubeObject } from './baselines.ts';
import { allMutations, type MutationClass } from './mutations.ts';

export interface FidelityCase {
  kind: string;
  class: MutationClass | 'baseline';
  description: string;
  object: KubeObject;
}

/** Kinds whose baseline is submitted unchanged only: it checks one shape of schema, not a family of rules. */
const baselineOnly = new Set(['Sprocket']);

/** Every baseline unchanged, then every mutation that fits each baseline's kind, on a fresh copy. */
export function fidelityCases(): FidelityCase[] {
  const cases: FidelityCase[] = [];
  const mutations = allMutations();
  for (const baseline of baselines()) {
    cases.push({ kind: baseline.kind as string, class: 'baseline', description: 'unchanged', object: baseline });
    if (baselineOnly.has(baseline.kind as string)) continue;
    for (const mutation of mutations) {
      const object: KubeObject = structuredClone(baseline);
      if (!mutation.apply(object)) continue;
      cases.push({ kind: baseline.kind as string, class: mutation.class, description: mutation.description, object });
    }
  }
  return cases;
}

export { fidelityNamespace };
