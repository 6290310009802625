/** Nearest-rank percentile of samples (any order); `p` in 0..100. */
export const percentile = (samples: ReadonlyArray<number>, p: number): number => {
  if (samples.length === 0) return Number.NaN
  const sorted = samples.toSorted((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export type Summary = { readonly p50: number; readonly p99: number; readonly max: number; readonly count: number }

export const summarize = (samples: ReadonlyArray<number>): Summary => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  max: Math.max(...samples),
  count: samples.length
})

/** Times a synchronous call in milliseconds. */
export const timeMs = (run: () => void): number => {
  const start = performance.now()
  run()
  return performance.now() - start
}
