/**
 * Label selectors as the API machinery evaluates them, on any JSON (an object that failed schema
 * validation too): the equality maps of Services and `metav1.LabelSelector`s. Used by the
 * API-server checks (a workload's selector must select its template) and by the rules (which
 * pods a Service, PDB or NetworkPolicy selects).
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A Service-style selector: every pair must be present with the same value. */
export function labelsMatch(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector)) return true;
  const actual = isObject(labels) ? labels : {};
  for (const key of Object.keys(selector)) {
    if (!Object.hasOwn(actual, key) || actual[key] !== selector[key]) return false;
  }
  return true;
}

/** A `metav1.LabelSelector`: an empty one selects everything, an unknown operator nothing. */
export function selectorMatches(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector)) return true;
  if (!labelsMatch(selector.matchLabels, labels)) return false;
  const actual = isObject(labels) ? labels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as unknown[]) : [];
  for (const expression of expressions) {
    if (!isObject(expression)) continue;
    const key = typeof expression.key === 'string' ? expression.key : '';
    const present = Object.hasOwn(actual, key);
    const value = present ? actual[key] : undefined;
    const values = Array.isArray(expression.values) ? (expression.values as unknown[]) : [];
    switch (expression.operator) {
      case 'In':
        if (!present || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(value)) return false;
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
