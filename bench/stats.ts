/** Small statistics helpers for the benchmark. */

/** The q-quantile (0..1) of samples, by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Milliseconds since `start` (from performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Formats a number with a unit for the table. */
export function fmt(value: number, unit: string, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ${unit}` : "n/a";
}
