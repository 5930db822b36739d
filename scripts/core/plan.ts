import type { ObjectRef } from './diagnostic.ts';

export type PlanAction = 'create' | 'update' | 'adopt' | 'prune' | 'orphan' | 'cascade-delete' | 'refuse' | 'fail';

/** What one cluster's Argo CD will do to one object (or, for refuse, to a whole Application) when a change lands. */
export interface PlanEntry {
  cluster: string;
  application: string;
  action: PlanAction;
  /** The object as the cluster knows it (namespace defaulted from the destination); null for a refused Application. */
  object: ObjectRef | null;
  reason: string;
  /** Pod templates that roll (a workload whose template changed): `Deployment/webapp`. */
  restarts: string[];
  /** For an update: the fields that change (a Secret's values never: only which keys). */
  changes?: FieldChange[];
  /** Where the object is declared in the head (for create and update). */
  file?: string;
  line?: number;
}

/** One field of an object that a change sets, removes or alters. */
export interface FieldChange {
  /** As a reviewer reads it: `spec.template.spec.containers[name=web].image`. */
  path: string;
  /** JSON pointer in the head object (the nearest field that exists there, for a removal). */
  pointer: string;
  before: unknown;
  after: unknown;
  /** For a Secret's `data`/`stringData`: the keys whose values changed; `before` and `after` are left out. */
  redacted?: string[];
  /** Where the head sets it. */
  file?: string;
  line?: number;
}
