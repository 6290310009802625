/** A moment as an operator reads it across time zones: UTC, to the second. */
export const formatTime = (iso: string | null): string =>
  iso === null ? "–" : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`

/** A duration in milliseconds, short: `0.42 ms`, `12 ms`, `1.3 s`. */
export const formatMs = (ms: number | null): string => {
  if (ms === null) return "–"
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 1_000) return `${Math.round(ms)} ms`
  return `${(ms / 1_000).toFixed(1)} s`
}
