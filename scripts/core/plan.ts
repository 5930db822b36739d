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
}
