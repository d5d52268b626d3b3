/** Percentiles over measured samples (nearest-rank), formatted for the bench report. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(samples: readonly number[], unit = 'ms'): string {
  const f = (n: number) => `${n.toFixed(1)} ${unit}`;
  return `n=${samples.length} p50=${f(percentile(samples, 50))} p99=${f(percentile(samples, 99))} max=${f(Math.max(...samples))}`;
}
