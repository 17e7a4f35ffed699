/** Percentile of a sample in milliseconds (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function summarize(label: string, samples: number[], wallMs: number) {
  return {
    label,
    count: samples.length,
    perSecond: Math.round((samples.length / wallMs) * 1000),
    p50Ms: Number(percentile(samples, 50).toFixed(3)),
    p99Ms: Number(percentile(samples, 99).toFixed(3)),
  };
}
