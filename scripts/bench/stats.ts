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
