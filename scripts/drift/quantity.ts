/** Decimal SI and binary suffixes of Kubernetes quantities (resource.Quantity). */
const factors: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const pattern = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** A quantity (`500m`, `0.5Gi`, `2e3`) in base units; undefined for anything else. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = pattern.exec(value.trim());
  if (match === null) return undefined;
  const number = Number(match[1]);
  return match[3] !== undefined ? number * 10 ** Number(match[3]) : number * (factors[match[2] ?? ''] ?? 1);
}
