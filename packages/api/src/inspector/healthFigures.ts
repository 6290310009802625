/**
 * `inspect.health`: the figures `/metrics` exposes, read from the same registry (Metrics.figures),
 * shaped for the inspector's health panel. Histograms become quantiles here, estimated the way
 * Prometheus's `histogram_quantile` does (linear within the bucket), so the panel and a
 * Prometheus dashboard agree; counters stay totals since start, and the panel turns them into
 * rates per minute from successive answers.
 */
import { Schema } from "effect"
import type { HistogramFigures, MetricsFigures } from "../observability/Metrics.ts"

const Quantiles = Schema.Struct({
  count: Schema.Number,
  /** Null until something was measured, or when the quantile lies past the last bucket. */
  p50Ms: Schema.NullOr(Schema.Number),
  p99Ms: Schema.NullOr(Schema.Number)
})

export const HealthView = Schema.Struct({
  instanceId: Schema.String,
  at: Schema.String,
  liveSessions: Schema.Number,
  sessionRebuilds: Schema.Number,
  sessionEvictions: Schema.Number,
  fanOut: Quantiles,
  openSessionStreams: Schema.Number,
  changeFeedLag: Quantiles,
  changeFeedResyncs: Schema.Number,
  outboxBacklog: Schema.Number
})
export type HealthView = typeof HealthView.Type

/** The q-quantile of a cumulative histogram, in milliseconds. */
export const histogramQuantileMs = (histogram: HistogramFigures, q: number): number | null => {
  if (histogram.count === 0) return null
  const rank = q * histogram.count
  let lowerBound = 0
  let below = 0
  for (const bucket of histogram.buckets) {
    if (bucket.count >= rank) {
      const inBucket = bucket.count - below
      const fraction = inBucket === 0 ? 1 : (rank - below) / inBucket
      return (lowerBound + (bucket.le - lowerBound) * fraction) * 1_000
    }
    lowerBound = bucket.le
    below = bucket.count
  }
  return null
}

const quantilesOf = (histogram: HistogramFigures) => ({
  count: histogram.count,
  p50Ms: histogramQuantileMs(histogram, 0.5),
  p99Ms: histogramQuantileMs(histogram, 0.99)
})

export const healthOf = (instanceId: string, at: string, figures: MetricsFigures): HealthView => ({
  instanceId,
  at,
  liveSessions: figures.liveSessions,
  sessionRebuilds: figures.sessionRebuilds,
  sessionEvictions: figures.sessionEvictions,
  fanOut: quantilesOf(figures.fanOut),
  openSessionStreams: figures.openSessionStreams,
  changeFeedLag: quantilesOf(figures.changeFeedLag),
  changeFeedResyncs: figures.changeFeedResyncs,
  // NaN when the store did not answer the scrape; JSON has no NaN.
  outboxBacklog: Number.isFinite(figures.outboxBacklog) ? figures.outboxBacklog : -1
})
