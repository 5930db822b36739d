import { labelValue, qualifiedName, shown } from './names.ts';
import { validateLabels } from './object-meta.ts';
import { asArray, asObject, asString, isObject, orList, type Findings, type Json } from './finding.ts';

const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A metav1.LabelSelector: matchLabels as labels, each matchExpressions entry by its operator. */
export function validateLabelSelector(out: Findings, selector: Json, pointer: string): void {
  validateLabels(out, selector.matchLabels, `${pointer}/matchLabels`);
  const expressions = asArray(selector.matchExpressions);
  if (expressions === undefined) return;
  expressions.forEach((expression, index) => {
    if (!isObject(expression)) return;
    const at = `${pointer}/matchExpressions/${index}`;
    const expressionKey = asString(expression.key);
    if (expressionKey !== undefined) {
      const problem = qualifiedName(expressionKey);
      if (problem !== undefined) out.push({ pointer: `${at}/key`, message: `selector key "${shown(expressionKey)}" ${problem}` });
    }
    const operator = asString(expression.operator);
    const values = asArray(expression.values);
    const count = values?.length ?? 0;
    if (operator === 'In' || operator === 'NotIn') {
      if (count === 0) out.push({ pointer: `${at}/values`, message: `operator ${operator} needs at least one value` });
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (count > 0) out.push({ pointer: `${at}/values`, message: `operator ${operator} takes no values` });
    } else if (operator !== undefined) {
      out.push({ pointer: `${at}/operator`, message: `selector operator "${operator}" is not one the API server accepts: use ${orList(operators)}` });
    }
    values?.forEach((value, valueIndex) => {
      if (typeof value !== 'string') return;
      const problem = labelValue(value);
      if (problem !== undefined) out.push({ pointer: `${at}/values/${valueIndex}`, message: `selector value "${shown(value)}": ${problem}` });
    });
  });
}

export { selectorMatches } from '../../core/label-selector.ts';

/** Whether the selector selects nothing at all: no matchLabels and no matchExpressions. */
export function selectorIsEmpty(selector: Json): boolean {
  const matchLabels = asObject(selector.matchLabels);
  const expressions = asArray(selector.matchExpressions);
  return (matchLabels === undefined || Object.keys(matchLabels).length === 0) && (expressions === undefined || expressions.length === 0);
}
