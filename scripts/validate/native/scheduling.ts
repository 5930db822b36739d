import { qualifiedName, shown } from './names.ts';
import { validateLabelSelector } from './label-selector.ts';
import { asObject, asString, checkEnum, isObject, type Findings } from './finding.ts';

// Where a pod may be scheduled: tolerations and topology spread constraints.

/** A toleration: a qualified key, Equal or Exists (without a value), a known effect. */
export function validateTolerations(out: Findings, tolerations: unknown[] | undefined, pointer: string): void {
  tolerations?.forEach((toleration, index) => {
    if (!isObject(toleration)) return;
    const at = `${pointer}/${index}`;
    const tolerationKey = asString(toleration.key) ?? '';
    if (tolerationKey !== '') {
      const problem = qualifiedName(tolerationKey);
      if (problem !== undefined) out.push({ pointer: `${at}/key`, message: `toleration key "${shown(tolerationKey)}" ${problem}` });
    }
    const operator = asString(toleration.operator) ?? '';
    checkEnum(out, toleration, 'operator', at, ['Equal', 'Exists'], 'toleration operator');
    if (operator === 'Exists' && (asString(toleration.value) ?? '') !== '') {
      out.push({ pointer: `${at}/operator`, message: 'a toleration with operator Exists takes no value' });
    }
    checkEnum(out, toleration, 'effect', at, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'toleration effect');
  });
}

/** A spread constraint: a skew above 0, a topology key, and no two on the same key and policy. */
export function validateTopologySpread(out: Findings, constraints: unknown[] | undefined, pointer: string): void {
  const pairs = new Set<string>();
  constraints?.forEach((constraint, index) => {
    if (!isObject(constraint)) return;
    const at = `${pointer}/${index}`;
    const maxSkew = constraint.maxSkew;
    if (typeof maxSkew === 'number' && maxSkew <= 0) out.push({ pointer: `${at}/maxSkew`, message: `maxSkew must be greater than 0, not ${maxSkew}` });
    const topologyKey = asString(constraint.topologyKey) ?? '';
    if (topologyKey === '') out.push({ pointer: `${at}/topologyKey`, message: 'a topology spread constraint needs a topologyKey' });
    checkEnum(out, constraint, 'whenUnsatisfiable', at, ['DoNotSchedule', 'ScheduleAnyway'], 'whenUnsatisfiable');
    checkEnum(out, constraint, 'nodeAffinityPolicy', at, ['Honor', 'Ignore'], 'nodeAffinityPolicy');
    checkEnum(out, constraint, 'nodeTaintsPolicy', at, ['Honor', 'Ignore'], 'nodeTaintsPolicy');
    const whenUnsatisfiable = asString(constraint.whenUnsatisfiable) ?? '';
    const pair = `${topologyKey}\0${whenUnsatisfiable}`;
    if (pairs.has(pair)) out.push({ pointer: at, message: `two topology spread constraints share topologyKey ${topologyKey} and whenUnsatisfiable ${whenUnsatisfiable}` });
    pairs.add(pair);
    const selector = asObject(constraint.labelSelector);
    if (selector !== undefined) validateLabelSelector(out, selector, `${at}/labelSelector`);
  });
}
