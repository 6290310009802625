/**
 * Counters (rebuilds, evictions) are totals since the instance started; the panel keeps the
 * answers of the last minute and shows how much each grew over that window, per minute.
 */
export type CounterSample = { readonly atMs: number; readonly rebuilds: number; readonly evictions: number }

/** How far back the rates look. */
export const rateWindowMs = 60_000

export const keepWindow = (samples: ReadonlyArray<CounterSample>, latest: CounterSample): CounterSample[] => [
  ...samples.filter((sample) => latest.atMs - sample.atMs <= rateWindowMs && sample.atMs < latest.atMs),
  latest
]

/** Growth per minute between the oldest and newest sample; null until two samples exist. */
export const perMinute = (samples: ReadonlyArray<CounterSample>, field: "rebuilds" | "evictions"): number | null => {
  const oldest = samples[0]
  const newest = samples.at(-1)
  if (oldest === undefined || newest === undefined || newest.atMs === oldest.atMs) return null
  return ((newest[field] - oldest[field]) * 60_000) / (newest.atMs - oldest.atMs)
}
