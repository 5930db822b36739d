export { modelCluster, type ClusterModel, type ModelApplication, type ModelOptions, type ObjectKey, type RenderFunction } from './model.ts';
export {
  builtInDefaultProject,
  inCluster,
  isDestinationPermitted,
  isGroupKindNamePermitted,
  isSourcePermitted,
  normalizeGitURL,
  projectDecision,
  sameURL,
  supportsClusterResourceNames,
  type ArgoCluster,
  type ProjectOptions,
  type Refusal,
} from './project.ts';
export { scopeOf, groupOf, type CustomScopes, type Scope } from './scope.ts';
export { filepathMatch, globMatch, matchStringInListRegexp, projectGlobMatch } from './glob.ts';
export { ClusterView, objectKeyText, type DeployedObject } from './cluster-view.ts';
export { firstDifference, immutableChanges, type ImmutableChange, type ImmutableContext } from './immutable.ts';
export { planChange, type PlanAction, type PlanEntry } from './plan.ts';
export { dataHoldingKinds, isPruneProtected } from './values.ts';
export { instanceName, parseTrackingId, trackedBy, trackingAnnotation, trackingIdText, type TrackingId } from './tracking.ts';
