// Over 200 lines on purpose: each metric is declared beside the figure it feeds (Prometheus text and the same figures as data), so a new one is added in one place.
import { Outbox } from "@verity/store"
import { Clock, Context, Effect, Layer, Stream } from "effect"
import { Counter, Gauge, Histogram, Registry } from "prom-client"
import { SessionActivity } from "../sessions/activity/SessionActivity.ts"
import { LiveSessions } from "../sessions/live/SessionRegistry.ts"

/** A histogram as data: how many, their total, and how many fell at or under each bound. */
export type HistogramFigures = {
  readonly count: number
  readonly sumSeconds: number
  readonly buckets: ReadonlyArray<{ readonly le: number; readonly count: number }>
}

/** The figures `/metrics` exposes, as data (the inspector's health panel shows these). */
export type MetricsFigures = {
  /** Session actors in this process's memory. */
  readonly liveSessions: number
  /** Dormant sessions made live again from the store, since start. */
  readonly sessionRebuilds: number
  /** Sessions that left memory, since start. */
  readonly sessionEvictions: number
  /** Time to move every live session of a changed user. */
  readonly fanOut: HistogramFigures
  /** `session.changes` streams open now. */
  readonly openSessionStreams: number
  /** Emails not yet sent and not given up. */
  readonly outboxBacklog: number
  /** Age of the oldest of them (0 when there is none). */
  readonly outboxOldestUndeliveredAgeSeconds: number
  /** Failed delivery attempts, by outcome: `retry` (it will be tried again) or `givenUp`. */
  readonly mailDeliveryFailures: { readonly retry: number; readonly givenUp: number }
  /** Requests refused by a rate limit, by rule. */
  readonly rateLimitRefusals: Readonly<Record<string, number>>
  /** Time from a change's commit to its arrival here through the store's change feed (MongoDB). */
  readonly changeFeedLag: HistogramFigures
  /** Times this instance re-read its live sessions because the feed may have missed changes. */
  readonly changeFeedResyncs: number
}

/** A histogram read back from prom-client's JSON: its `_count`, `_sum` and finite `_bucket` series. */
const histogramOf = (values: ReadonlyArray<{ value: number; labels: object; metricName?: string }>) => {
  const named = (suffix: string) => values.filter((value) => value.metricName?.endsWith(suffix))
  return {
    count: named("_count")[0]?.value ?? 0,
    sumSeconds: named("_sum")[0]?.value ?? 0,
    buckets: named("_bucket")
      .map((value) => ({ le: Number((value.labels as { le?: unknown }).le), count: value.value }))
      .filter((bucket) => Number.isFinite(bucket.le))
  }
}

/**
 * What an operator watches, in one prom-client registry: `prometheusText` is `/metrics`, and
 * `figures` is the same registry read as data, so the inspector and Prometheus never disagree.
 *
 * Session figures come from SessionActivity (this listens; the manager knows nothing of it).
 * The outbox figures are read from the store when asked, so they hold across restarts and
 * instances. Services that see the rest note it here (`note…`): synchronous and cheap.
 */
export class Metrics extends Context.Service<
  Metrics,
  {
    readonly prometheusText: Effect.Effect<string>
    /** The Content-Type of `prometheusText` (Prometheus's text format, version 0.0.4). */
    readonly contentType: string
    readonly figures: Effect.Effect<MetricsFigures>
    noteMailDeliveryFailure(outcome: "retry" | "givenUp"): void
    noteRateLimitRefusal(rule: string): void
    noteChangeFeedLag(seconds: number): void
    noteChangeFeedResync(): void
    /** The stream, counted in `openSessionStreams` while it runs. */
    countOpenStream<A, E, R>(stream: Stream.Stream<A, E, R>): Stream.Stream<A, E, R>
  }
>()("@verity/api/observability/Metrics") {
  static readonly layer = Layer.effect(
    Metrics,
    Effect.gen(function* () {
      const registry = new Registry()
      // Every metric in this registry only (not prom-client's global one): a test process runs many servers.
      const registers = [registry]
      const live = yield* LiveSessions
      const activity = yield* SessionActivity
      const outbox = yield* Outbox
      const runInApp = Effect.runPromiseWith(yield* Effect.context<never>())

      registry.registerMetric(
        new Gauge({
          name: "verity_live_sessions",
          help: "Session actors in this process's memory.",
          registers: [],
          collect() {
            this.set(live.size)
          }
        })
      )
      const rebuilds = new Counter({
        name: "verity_session_rebuilds_total",
        help: "Dormant sessions made live again from the store.",
        registers
      })
      const evictions = new Counter({
        name: "verity_session_evictions_total",
        help: "Sessions that left memory (they stay valid in the store).",
        registers
      })
      const fanOut = new Histogram({
        name: "verity_fanout_duration_seconds",
        help: "Time to move every live session of a changed user on this instance.",
        // Measured at 1 to 1,000 sessions per user: microseconds to a few milliseconds.
        buckets: [0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.005, 0.01, 0.05, 0.25],
        registers
      })
      const openStreams = new Gauge({
        name: "verity_open_session_streams",
        help: "session.changes streams open now.",
        registers
      })
      // One store read serves both outbox gauges of one scrape.
      let backlogRead: Promise<{ count: number; ageSeconds: number }> | undefined
      const readBacklog = () =>
        (backlogRead ??= runInApp(
          Effect.gen(function* () {
            const backlog = yield* outbox.backlog
            const nowMs = yield* Clock.currentTimeMillis
            const ageSeconds =
              backlog.oldestCreatedAt === null ? 0 : Math.max(0, (nowMs - Date.parse(backlog.oldestCreatedAt)) / 1_000)
            return { count: backlog.count, ageSeconds }
          }).pipe(
            // A store that does not answer must not break the scrape; /readyz says why.
            Effect.orElseSucceed(() => ({ count: Number.NaN, ageSeconds: Number.NaN }))
          )
        ).finally(() => (backlogRead = undefined)))
      registry.registerMetric(
        new Gauge({
          name: "verity_outbox_backlog",
          help: "Emails not yet sent and not given up.",
          registers: [],
          async collect() {
            this.set((await readBacklog()).count)
          }
        })
      )
      registry.registerMetric(
        new Gauge({
          name: "verity_outbox_oldest_undelivered_age_seconds",
          help: "Age of the oldest email not yet sent (0 when none is waiting).",
          registers: [],
          async collect() {
            this.set((await readBacklog()).ageSeconds)
          }
        })
      )
      const deliveryFailures = new Counter({
        name: "verity_mail_delivery_failures_total",
        help: "Failed email delivery attempts, by outcome (retry: tried again later; givenUp: never).",
        labelNames: ["outcome"] as const,
        registers
      })
      const refusals = new Counter({
        name: "verity_rate_limit_refusals_total",
        help: "Requests refused by a rate limit, by rule.",
        labelNames: ["rule"] as const,
        registers
      })
      const feedLag = new Histogram({
        name: "verity_change_feed_lag_seconds",
        help: "Time from a user change's commit to its arrival through the store's change feed.",
        // Change streams deliver in milliseconds when healthy; seconds mean a lagging feed.
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers
      })
      const resyncs = new Counter({
        name: "verity_change_feed_resyncs_total",
        help: "Times the live sessions were re-read because the change feed may have missed changes.",
        registers
      })
      // The outcomes are known up front, so both series exist from the start (a rate needs a zero).
      deliveryFailures.inc({ outcome: "retry" }, 0)
      deliveryFailures.inc({ outcome: "givenUp" }, 0)

      const unsubscribe = activity.subscribe((event) => {
        switch (event._tag) {
          case "Rebuilt":
            return rebuilds.inc()
          case "Evicted":
            return evictions.inc(event.sessionIds.length)
          case "Dispatched":
            return fanOut.observe(event.durationMs / 1_000)
          case "Stepped":
            return
        }
      })
      yield* Effect.addFinalizer(() => Effect.sync(unsubscribe))

      const figures = Effect.promise(() => registry.getMetricsAsJSON()).pipe(
        Effect.map((metrics): MetricsFigures => {
          const valuesOf = (name: string) => metrics.find((metric) => metric.name === name)?.values ?? []
          const single = (name: string) => valuesOf(name)[0]?.value ?? 0
          const byLabel = (name: string, label: string) =>
            Object.fromEntries(
              valuesOf(name).map((value) => [String((value.labels as Record<string, unknown>)[label]), value.value])
            )
          const failures = byLabel("verity_mail_delivery_failures_total", "outcome")
          return {
            liveSessions: single("verity_live_sessions"),
            sessionRebuilds: single("verity_session_rebuilds_total"),
            sessionEvictions: single("verity_session_evictions_total"),
            fanOut: histogramOf(valuesOf("verity_fanout_duration_seconds")),
            openSessionStreams: single("verity_open_session_streams"),
            outboxBacklog: single("verity_outbox_backlog"),
            outboxOldestUndeliveredAgeSeconds: single("verity_outbox_oldest_undelivered_age_seconds"),
            mailDeliveryFailures: { retry: failures["retry"] ?? 0, givenUp: failures["givenUp"] ?? 0 },
            rateLimitRefusals: byLabel("verity_rate_limit_refusals_total", "rule"),
            changeFeedLag: histogramOf(valuesOf("verity_change_feed_lag_seconds")),
            changeFeedResyncs: single("verity_change_feed_resyncs_total")
          }
        })
      )

      return Metrics.of({
        prometheusText: Effect.promise(() => registry.metrics()),
        contentType: registry.contentType,
        figures,
        noteMailDeliveryFailure: (outcome) => deliveryFailures.inc({ outcome }),
        noteRateLimitRefusal: (rule) => refusals.inc({ rule }),
        noteChangeFeedLag: (seconds) => feedLag.observe(Math.max(0, seconds)),
        noteChangeFeedResync: () => resyncs.inc(),
        countOpenStream: (stream) =>
          Stream.ensuring(
            Stream.onStart(
              stream,
              Effect.sync(() => openStreams.inc())
            ),
            Effect.sync(() => openStreams.dec())
          )
      })
    })
  )
}
