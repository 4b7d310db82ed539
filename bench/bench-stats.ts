/**
 * The one definition of a percentile for every benchmark: nearest rank (the smallest value
 * with at least q of the samples at or below it), so p100 is the maximum and a figure is
 * always a latency that really happened. NaN for no samples.
 */
export function percentile(values: readonly number[], q: number): number {
  if (q < 0 || q > 1) throw new RangeError(`percentile q must be within 0..1, got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** n, p50, p95, p99 and max of latencies, each rounded to `decimals` places. */
export function latencySummary(
  values: readonly number[],
  decimals = 1,
): { n: number; p50: number; p95: number; p99: number; max: number } {
  const scale = 10 ** decimals;
  const at = (q: number) => Math.round(percentile(values, q) * scale) / scale;
  return { n: values.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}
