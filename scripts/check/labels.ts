/** Label selectors: the equality maps of Services and the set-based selectors of PDBs and NetworkPolicies. */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Labels } from './types.ts';

/** A Service-style selector: every pair must be present. */
export function matchesLabels(selector: Labels, labels: Labels | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels?.[key] !== value) return false;
  }
  return true;
}

/** A `metav1.LabelSelector`; an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  if (selector.matchLabels && !matchesLabels(selector.matchLabels, labels)) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const present = labels !== undefined && Object.hasOwn(labels, expression.key);
    const value = present ? labels[expression.key] : undefined;
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !(expression.values ?? []).includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && (expression.values ?? []).includes(value)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    selector === undefined ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  );
}
