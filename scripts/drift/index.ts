/** The drift stage: live vs desired for one environment's Argo CD Applications (`npm run drift`). */
export { driftCommand } from './command.ts';
export { compareEnvironment, type DriftFinding, type DriftReport } from './compare.ts';
export { declaredFieldDrift, sameValue, type FieldDrift } from './diff.ts';
export { ownersOf } from './managed-fields.ts';
export { formatDrift, type DriftFormat } from './format.ts';
export { ignoreRulesFor, type IgnoreRules } from './ignore-differences.ts';
export { instanceName, parseTrackingId, trackedBy, trackingAnnotation, trackingIdText, type TrackingId } from '../argocd/index.ts';
