import type { JsonSchema } from './json-schema.ts';

/**
 * The files under `schemas/` and their shapes; the generator writes them, the validate stage
 * reads them.
 *
 * schemas/kubernetes/index.json      KubernetesIndex
 * schemas/kubernetes/<1.36>.json     SchemaDocument (one per Kubernetes version)
 * schemas/crds/index.json            CrdIndex
 * schemas/crds/<group>/<kind>_<version>.json   SchemaDocument (one per served CRD version)
 */

export const KUBERNETES_DIR = 'kubernetes';
export const CRDS_DIR = 'crds';
export const INDEX_FILE = 'index.json';

/** Transformed definitions plus the kinds they validate, keyed `apps/v1/Deployment`. */
export interface SchemaDocument {
  generatorVersion: number;
  /** Set on the Kubernetes version files. */
  kubernetesVersion?: string;
  /** `<apiVersion>/<kind>` -> name of the kind's definition in `definitions`. */
  kinds: Record<string, string>;
  definitions: Record<string, JsonSchema>;
  /**
   * For each kind's definition: a sha256 of every definition it reaches. Kinds whose schema did
   * not change between Kubernetes versions have the same hash, so one compiled validator serves
   * them all.
   */
  closureHashes?: Record<string, string>;
}

export interface KubernetesIndex {
  generatorVersion: number;
  /** Bundled versions, oldest first: ['1.33', ..., '1.36']. */
  versions: string[];
  /**
   * Every API group any bundled version serves, plus groups that were removed (`extensions`):
   * an object in one of these groups is never a custom resource with a missing schema.
   */
  builtInGroups: string[];
}

export interface CrdIndex {
  generatorVersion: number;
  /** `<apiVersion>/<kind>` -> file relative to the crds directory. */
  kinds: Record<string, string>;
  /**
   * CRD files given to `npm run schemas -- FILE` (relative to the repository root), read again
   * on every run so regenerating without arguments keeps them.
   */
  extraSources: string[];
}

/** Output name of one CRD version: `argoproj.io/application_v1alpha1.json`. */
export function crdFileName(group: string, kind: string, version: string): string {
  return `${group}/${kind.toLowerCase()}_${version}.json`;
}
