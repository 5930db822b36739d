/** Label selectors: the equality maps of Services and the set-based selectors of PDBs and NetworkPolicies. */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { labelsMatch, selectorMatches } from '../core/label-selector.ts';
import type { Labels } from './types.ts';
import { objectItems, stringMap } from './values.ts';

/** A Service-style selector: every pair must be present. */
export function matchesLabels(selector: Labels, labels: Labels | undefined): boolean {
  return labelsMatch(selector, labels);
}

/** A `metav1.LabelSelector`; an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  return selectorMatches(selector, labels);
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    Object.keys(stringMap(selector?.matchLabels) ?? {}).length === 0 &&
    objectItems(selector?.matchExpressions).length === 0
  );
}
