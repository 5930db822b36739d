import type { Doc } from './corpus-objects.ts';
import type { Random } from './random.ts';

/** The mistakes injected into the corpus: each is one the validator must report. */
export const defectNames = ['unknown-field', 'bad-quantity', 'duplicate-container', 'missing-name', 'latest-image'] as const;
export type DefectName = (typeof defectNames)[number];

type Fields = Record<string, unknown>;

/**
 * A misspelled key per kind: [path to the parent object, correct key, misspelling]. Keys whose
 * loss changes nothing else, so the schema finding is the only one (a lost `selector` would
 * also leave a Service selecting nothing).
 */
const misspellings: Record<string, [path: readonly (string | number)[], key: string, typo: string]> = {
  Deployment: [['spec'], 'revisionHistoryLimit', 'revisionHistoryLimt'],
  StatefulSet: [['spec'], 'revisionHistoryLimit', 'revisionHistoryLimt'],
  Service: [['spec'], 'type', 'Type'],
  ConfigMap: [[], 'data', 'dta'],
  HorizontalPodAutoscaler: [['spec'], 'behavior', 'behaviour'],
  PodDisruptionBudget: [['spec'], 'maxUnavailable', 'maxUnavailabe'],
  NetworkPolicy: [['spec'], 'policyTypes', 'policyType'],
  ExternalSecret: [['spec'], 'refreshInterval', 'refreshIntervall'],
  Application: [['spec'], 'syncPolicy', 'syncPolicies'],
};

const badQuantities = ['1 Gi', 'two', '0.5cores', '12XB', '1,5'];

/**
 * Kinds that nothing else in the corpus selects or names, so losing the name costs one finding
 * and not a cascade (a nameless Deployment would also leave its HPA, PDB and policy dangling).
 */
const namelessSafeKinds = new Set(['ConfigMap', 'Service', 'ExternalSecret', 'Application', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']);

/** Whether the defect can be injected into this document (containers for quantities and images). */
export function canCarry(doc: Doc, defect: DefectName): boolean {
  switch (defect) {
    case 'unknown-field':
      return doc.kind in misspellings;
    case 'missing-name':
      return namelessSafeKinds.has(doc.kind);
    case 'bad-quantity':
    case 'duplicate-container':
    case 'latest-image':
      return containersOf(doc) !== undefined;
  }
}

export function injectDefect(doc: Doc, defect: DefectName, random: Random): void {
  const containers = containersOf(doc);
  const first = containers?.[0];
  switch (defect) {
    case 'unknown-field': {
      const misspelling = misspellings[doc.kind];
      if (!misspelling) throw new Error(`no misspelling for ${doc.kind}`);
      const [path, key, typo] = misspelling;
      renameKey(at(doc, path), key, typo);
      return;
    }
    case 'missing-name':
      delete doc.metadata.name;
      return;
    case 'bad-quantity': {
      const claims = (at(doc, ['spec']).volumeClaimTemplates ?? []) as Fields[];
      if (claims.length > 0 && random.chance(0.5)) {
        at(claims[0]!, ['spec', 'resources', 'requests']).storage = random.pick(badQuantities);
      } else {
        at(required(first), ['resources', 'requests']).cpu = random.pick(badQuantities);
      }
      return;
    }
    case 'duplicate-container':
      required(containers).push({ ...structuredClone(required(first)), image: `${String(required(first).image)}-debug` });
      return;
    case 'latest-image':
      required(first).image = String(required(first).image).replace(/:[^:/]+$/, '') + ':latest';
      return;
  }
}

function containersOf(doc: Doc): Fields[] | undefined {
  const template = (doc.spec as Fields | undefined)?.template as Fields | undefined;
  return (template?.spec as Fields | undefined)?.containers as Fields[] | undefined;
}

function at(root: Fields, path: readonly (string | number)[]): Fields {
  let current: unknown = root;
  for (const segment of path) current = (current as Fields)[segment];
  if (current === null || typeof current !== 'object') throw new Error(`no object at ${path.join('.')}`);
  return current as Fields;
}

/** Renames a key in place, keeping its position so the YAML reads naturally. */
function renameKey(object: Fields, key: string, replacement: string): void {
  if (!(key in object)) throw new Error(`cannot misspell "${key}": the object has no such key`);
  const entries = Object.entries(object);
  for (const name of Object.keys(object)) delete object[name];
  for (const [name, value] of entries) object[name === key ? replacement : name] = value;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('defect applied to an object without containers');
  return value;
}
