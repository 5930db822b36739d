/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`), as plain numbers in base units.
 * Precision beyond a double does not matter for the comparisons rules make.
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
