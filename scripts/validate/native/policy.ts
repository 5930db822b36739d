import { validateIntOrPercent } from './int-or-percent.ts';
import { validateLabelSelector } from './label-selector.ts';
import { asObject, checkEnum, type Findings, type Json } from './finding.ts';

/** policy/v1 PodDisruptionBudget: one of minAvailable and maxUnavailable, each a count or at most 100%. */
export function validatePodDisruptionBudget(out: Findings, spec: Json): void {
  if (spec.minAvailable != null && spec.maxUnavailable != null) {
    out.push({ pointer: '/spec/maxUnavailable', message: 'a PodDisruptionBudget takes minAvailable or maxUnavailable, not both' });
  }
  validateIntOrPercent(out, spec.minAvailable, '/spec/minAvailable', 'minAvailable', true);
  validateIntOrPercent(out, spec.maxUnavailable, '/spec/maxUnavailable', 'maxUnavailable', true);
  checkEnum(out, spec, 'unhealthyPodEvictionPolicy', '/spec', ['IfHealthyBudget', 'AlwaysAllow'], 'unhealthyPodEvictionPolicy');
  const selector = asObject(spec.selector);
  if (selector !== undefined) validateLabelSelector(out, selector, '/spec/selector');
}
