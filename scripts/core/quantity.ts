/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`; the grammar of
 * k8s.io/apimachinery/pkg/api/resource), read two ways: as a double in base units, for the
 * rules' and the API server's sign and order checks, where precision beyond a double does not
 * matter; and exactly, as a whole number of nano-units, where two spellings of one value must be
 * equal (`15820m` and `15.82`, `58Gi` and `60817408Ki`).
 */

const suffixFactors: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// The suffix alternation comes first so `1E` is exa; `1E3` still falls through to the exponent.
const quantityPattern =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;

/** The quantity's value in base units, or undefined when it is not a valid quantity. */
export function parseQuantity(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const match = quantityPattern.exec(quantity.trim());
  if (!match) return undefined;
  const [, digits, suffix, exponent] = match;
  const value = Number(digits);
  if (exponent !== undefined) return value * 10 ** Number(exponent);
  return value * (suffixFactors[suffix ?? ''] ?? 1);
}

const binary: Readonly<Record<string, bigint>> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const decimal: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// The same grammar, with the sign apart.
const exactPattern = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

/**
 * The quantity in nano-units, the finest unit a Quantity keeps (a value finer than that is
 * rounded up, as resource.Quantity rounds it), or undefined when it is not a quantity. A number
 * is read as its decimal text.
 */
export function nanoUnits(quantity: unknown): bigint | undefined {
  const text = typeof quantity === 'number' && Number.isFinite(quantity) ? String(quantity) : quantity;
  if (typeof text !== 'string') return undefined;
  const match = exactPattern.exec(text.trim());
  if (match === null) return undefined;
  const [, sign, number, suffix, exponent] = match as unknown as [string, string, string, string | undefined, string | undefined];
  const [whole = '', fraction = ''] = number.split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  // value = digits × 10^(power10 − fraction digits) × factor2, in units; × 10^9 for nano-units.
  const factor2 = suffix !== undefined && suffix in binary ? binary[suffix]! : 1n;
  const power10 = (exponent !== undefined ? Number(exponent) : suffix !== undefined && !(suffix in binary) ? decimal[suffix]! : 0) + 9 - fraction.length;
  let value: bigint;
  if (power10 >= 0) value = digits * factor2 * 10n ** BigInt(power10);
  else {
    const divisor = 10n ** BigInt(-power10);
    const scaled = digits * factor2;
    value = scaled / divisor + (scaled % divisor === 0n ? 0n : 1n);
  }
  return sign === '-' ? -value : value;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b; undefined when either is no quantity. */
export function compareQuantities(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const left = nanoUnits(a);
  const right = nanoUnits(b);
  if (left === undefined || right === undefined) return undefined;
  return left < right ? -1 : left > right ? 1 : 0;
}
