import { type Findings } from './finding.ts';

/** An IntOrString count or percentage ("25%") as its number, or undefined when it is neither. */
export function intOrPercentValue(value: unknown): { amount: number; percent: boolean } | undefined {
  if (typeof value === 'number') return { amount: value, percent: false };
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)%$/.exec(value);
  return match === null ? undefined : { amount: Number(match[1]), percent: true };
}

/**
 * maxUnavailable, maxSurge, minAvailable: a non-negative count or a percentage; `atMostAll` adds
 * that a percentage may not pass 100%. Returns the amount, for the both-zero rules.
 */
export function validateIntOrPercent(out: Findings, value: unknown, pointer: string, field: string, atMostAll: boolean): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = intOrPercentValue(value);
  if (parsed === undefined) {
    if (typeof value === 'string') out.push({ pointer, message: `${field} "${value}" must be a whole number or a percentage such as "25%"` });
    return undefined;
  }
  if (parsed.amount < 0) out.push({ pointer, message: `${field} must be 0 or more, not ${parsed.amount}` });
  else if (atMostAll && parsed.percent && parsed.amount > 100) out.push({ pointer, message: `${field} ${parsed.amount}% is more than 100%` });
  return parsed.amount;
}
