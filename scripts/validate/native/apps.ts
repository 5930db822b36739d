import { validateClaimSpec } from './core.ts';
import { validateIntOrPercent } from './int-or-percent.ts';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from './label-selector.ts';
import { validatePodTemplate } from './pod-spec.ts';
import { asArray, asObject, asString, checkEnum, checkNonNegative, isObject, type Findings, type Json } from './finding.ts';

/** Pods of these controllers run until deleted: Always is the only restart policy. */
const alwaysRestart = ['Always'];

/**
 * What Deployments, ReplicaSets, StatefulSets and DaemonSets share: a non-empty selector that is
 * valid and selects the template's own labels, and a template whose pods always restart.
 */
function validateControllerSpec(out: Findings, spec: Json, kind: string, claimTemplateNames: readonly string[] = []): void {
  checkNonNegative(out, spec, 'replicas', '/spec');
  checkNonNegative(out, spec, 'minReadySeconds', '/spec');
  checkNonNegative(out, spec, 'revisionHistoryLimit', '/spec');
  const selector = asObject(spec.selector);
  const template = asObject(spec.template);
  if (selector !== undefined) {
    const before = out.length;
    validateLabelSelector(out, selector, '/spec/selector');
    if (selectorIsEmpty(selector)) out.push({ pointer: '/spec/selector', message: `a ${kind} needs a selector that selects something; an empty one is refused` });
    else if (out.length === before && template !== undefined) {
      const meta = asObject(template.metadata);
      const labels = meta === undefined ? undefined : asObject(meta.labels);
      if (!selectorMatches(selector, labels)) {
        out.push({ pointer: '/spec/template/metadata/labels', message: `the template's labels do not match spec.selector: the ${kind} would not own the pods it creates` });
      }
    }
  }
  if (template !== undefined) validatePodTemplate(out, template, '/spec/template', { kind, restartPolicies: alwaysRestart, claimTemplateNames });
}

export function validateDeployment(out: Findings, spec: Json): void {
  validateControllerSpec(out, spec, 'Deployment');
  const minReadySeconds = spec.minReadySeconds;
  // The server defaults progressDeadlineSeconds to 600.
  const deadline = spec.progressDeadlineSeconds ?? 600;
  checkNonNegative(out, spec, 'progressDeadlineSeconds', '/spec');
  if (typeof deadline === 'number' && deadline >= 0 && typeof minReadySeconds === 'number' && deadline <= minReadySeconds) {
    out.push({ pointer: '/spec/progressDeadlineSeconds', message: `progressDeadlineSeconds (${deadline}) must be greater than minReadySeconds (${minReadySeconds})` });
  }
  const strategy = asObject(spec.strategy);
  if (strategy === undefined) return;
  checkEnum(out, strategy, 'type', '/spec/strategy', ['Recreate', 'RollingUpdate'], 'strategy type');
  const rollingUpdate = asObject(strategy.rollingUpdate);
  if (rollingUpdate === undefined) return;
  if (strategy.type === 'Recreate') {
    out.push({ pointer: '/spec/strategy/rollingUpdate', message: 'rollingUpdate does not apply to strategy type Recreate: remove it or use RollingUpdate' });
    return;
  }
  // The server defaults an absent maxSurge or maxUnavailable to 25%.
  validateSurgeAndUnavailable(out, rollingUpdate, '/spec/strategy/rollingUpdate', 25, 25);
}

/**
 * Both may not be 0: the rollout could then never move. A DaemonSet's surge is at most 100%, and
 * only with maxUnavailable 0 (a node runs at most one surge pod).
 */
function validateSurgeAndUnavailable(out: Findings, rollingUpdate: Json, pointer: string, defaultSurge: number, defaultUnavailable: number, daemonSet = false): void {
  const unavailable = validateIntOrPercent(out, rollingUpdate.maxUnavailable, `${pointer}/maxUnavailable`, 'maxUnavailable', true);
  const surge = validateIntOrPercent(out, rollingUpdate.maxSurge, `${pointer}/maxSurge`, 'maxSurge', daemonSet);
  const unavailableValue = rollingUpdate.maxUnavailable === undefined ? defaultUnavailable : unavailable;
  const surgeValue = rollingUpdate.maxSurge === undefined ? defaultSurge : surge;
  if (unavailableValue === 0 && surgeValue === 0) {
    out.push({ pointer: `${pointer}/maxUnavailable`, message: 'maxUnavailable and maxSurge cannot both be 0' });
  } else if (daemonSet && surgeValue !== 0 && surgeValue !== undefined && unavailableValue !== 0 && unavailableValue !== undefined) {
    out.push({ pointer: `${pointer}/maxSurge`, message: 'a DaemonSet takes maxSurge only with maxUnavailable 0 (maxUnavailable defaults to 1)' });
  }
}

export function validateReplicaSet(out: Findings, spec: Json): void {
  validateControllerSpec(out, spec, 'ReplicaSet');
}

export function validateStatefulSet(out: Findings, spec: Json): void {
  const claimTemplateNames: string[] = [];
  asArray(spec.volumeClaimTemplates)?.forEach((claim) => {
    const name = isObject(claim) ? asObject(claim.metadata)?.name : undefined;
    if (typeof name === 'string') claimTemplateNames.push(name);
  });
  validateControllerSpec(out, spec, 'StatefulSet', claimTemplateNames);
  checkEnum(out, spec, 'podManagementPolicy', '/spec', ['OrderedReady', 'Parallel'], 'podManagementPolicy');
  const strategy = asObject(spec.updateStrategy);
  if (strategy !== undefined) {
    checkEnum(out, strategy, 'type', '/spec/updateStrategy', ['RollingUpdate', 'OnDelete'], 'updateStrategy type');
    const rollingUpdate = asObject(strategy.rollingUpdate);
    if (rollingUpdate !== undefined) {
      if (strategy.type === 'OnDelete') out.push({ pointer: '/spec/updateStrategy/rollingUpdate', message: 'rollingUpdate does not apply to updateStrategy type OnDelete' });
      else checkNonNegative(out, rollingUpdate, 'partition', '/spec/updateStrategy/rollingUpdate');
    }
  }
  const retention = asObject(spec.persistentVolumeClaimRetentionPolicy);
  if (retention !== undefined) {
    checkEnum(out, retention, 'whenDeleted', '/spec/persistentVolumeClaimRetentionPolicy', ['Retain', 'Delete'], 'whenDeleted');
    checkEnum(out, retention, 'whenScaled', '/spec/persistentVolumeClaimRetentionPolicy', ['Retain', 'Delete'], 'whenScaled');
  }
  const ordinals = asObject(spec.ordinals);
  if (ordinals !== undefined) checkNonNegative(out, ordinals, 'start', '/spec/ordinals');
  asArray(spec.volumeClaimTemplates)?.forEach((claim, index) => {
    const claimSpec = isObject(claim) ? asObject(claim.spec) : undefined;
    if (claimSpec !== undefined) validateClaimSpec(out, claimSpec, `/spec/volumeClaimTemplates/${index}/spec`);
  });
}

export function validateDaemonSet(out: Findings, spec: Json): void {
  validateControllerSpec(out, spec, 'DaemonSet');
  const strategy = asObject(spec.updateStrategy);
  if (strategy === undefined) return;
  checkEnum(out, strategy, 'type', '/spec/updateStrategy', ['RollingUpdate', 'OnDelete'], 'updateStrategy type');
  const rollingUpdate = asObject(strategy.rollingUpdate);
  // A DaemonSet defaults maxUnavailable to 1 and maxSurge to 0.
  if (rollingUpdate !== undefined && (asString(strategy.type) ?? 'RollingUpdate') === 'RollingUpdate') {
    validateSurgeAndUnavailable(out, rollingUpdate, '/spec/updateStrategy/rollingUpdate', 0, 1, true);
  }
}
