import type { ResolvedScalar } from './scalar-resolution.ts';

/**
 * The JSON object key sigs.k8s.io/yaml makes of a scalar mapping key (convertToJSONableObject):
 * strings as they are, integers in decimal, booleans as `true`/`false`, floats as Go's
 * FormatFloat(f, 'g', -1, 32). Null and unsigned 64-bit keys are rejected there: `undefined`.
 */
export function jsonMappingKey(key: ResolvedScalar): string | undefined {
  switch (key.kind) {
    case 'str':
    case 'timestamp':
      return key.value as string;
    case 'int':
    case 'bool':
      return String(key.value);
    case 'float':
      return formatFloat32(key.value as number);
    default:
      return undefined;
  }
}

/** Go's strconv.FormatFloat(value, 'g', -1, 32), with go-yaml's spellings of the specials. */
function formatFloat32(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return single > 0 ? '.inf' : '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  // The shortest decimal that reads back as the same float32.
  let exponential = '';
  for (let precision = 1; precision <= 9; precision += 1) {
    exponential = single.toExponential(precision - 1);
    if (Math.fround(Number(exponential)) === single) break;
  }
  const [mantissa = '', exponentText = '0'] = exponential.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/[-.]/g, '');
  const exponent = Number(exponentText);
  const sign = negative ? '-' : '';
  // With the shortest precision Go switches to exponent form below 1e-4 and from 1e6 on.
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? '.' + digits.slice(1) : '';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return sign + integer + (fraction ? '.' + fraction : '');
}
