import {
  INTEGER_STRING_PATTERN,
  PERCENT_PATTERN,
  PORT_NAME_PATTERN,
  QUANTITY_PATTERN,
} from '../schemas/index.ts';
import { describeType, showValue } from '../core/describe-value.ts';

/** Messages for the grammars the generator puts on Kubernetes' special scalar types. */
const knownPatterns: Record<string, string> = {
  [QUANTITY_PATTERN]: 'must be a Kubernetes quantity such as 500m, 0.5 or 1Gi',
  [PERCENT_PATTERN]: 'must be an integer or a percentage such as 25%',
  [PORT_NAME_PATTERN]:
    'must be a port number or a port name (1-15 lowercase letters, digits and "-", with at least one letter)',
  [INTEGER_STRING_PATTERN]: 'must be an integer',
};

/** Int-or-string fields, where a quoted number is a string the API reads as a name or percent. */
const intOrStringPatterns = new Set([PERCENT_PATTERN, PORT_NAME_PATTERN]);

/** A secret value is named by its type only, and gets no hint that would say what it holds. */
export function patternMessage(pattern: string, value: unknown, secret: boolean): string {
  const known = knownPatterns[pattern] ?? `must match the pattern ${pattern}`;
  if (secret) return `${known}, got ${describeType(value)}`;
  const hint =
    intOrStringPatterns.has(pattern) && typeof value === 'string' && /^[0-9]+$/.test(value)
      ? ' (for a number, write it without quotes)'
      : '';
  return `${known}, got ${showValue(value)}${hint}`;
}
