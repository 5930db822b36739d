/** Label selectors: the equality maps of Services and the set-based selectors of PDBs and NetworkPolicies. */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import type { Labels } from './types.ts';
import { objectItems, stringMap } from './values.ts';

/** A Service-style selector: every pair must be present. */
export function matchesLabels(selector: Labels, labels: Labels | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels?.[key] !== value) return false;
  }
  return true;
}

/** A `metav1.LabelSelector`; an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  const matchLabels = stringMap(selector.matchLabels);
  if (matchLabels && !matchesLabels(matchLabels, labels)) return false;
  for (const [expression] of objectItems<LabelSelectorRequirement>(selector.matchExpressions)) {
    const present = labels !== undefined && Object.hasOwn(labels, expression.key);
    const value = present ? labels[expression.key] : undefined;
    const values: unknown[] = Array.isArray(expression.values) ? expression.values : [];
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
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
    Object.keys(stringMap(selector?.matchLabels) ?? {}).length === 0 &&
    objectItems(selector?.matchExpressions).length === 0
  );
}
