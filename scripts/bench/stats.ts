/** Median of the samples; the benchmark repeats each measurement and reports this. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median of the samples that are known (peak memory may be unmeasurable); null when none are. */
export function medianOfKnown(samples: readonly (number | null)[]): number | null {
  const known = samples.filter((sample): sample is number => sample !== null);
  return known.length === 0 ? null : median(known);
}

/**
 * Median over rounds of `numerator[i] / denominator[i]`: each ratio is taken between two
 * measurements made seconds apart in the same round, so a machine whose speed drifts between
 * rounds moves both sides of it alike.
 */
export function medianRatio(numerator: readonly number[], denominator: readonly number[]): number {
  const rounds = Math.min(numerator.length, denominator.length);
  return median(Array.from({ length: rounds }, (_, round) => numerator[round]! / denominator[round]!));
}
