import { Effect } from "effect"
import type { BenchOptions } from "../options.ts"
import { bytes, count, fixed, ms, ratio, us } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { summarize, timeMs } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import type { BenchApp } from "../support/benchApp.ts"
import { liveHeapBytes } from "./heap.ts"
import { compareRepresentations } from "./representation.ts"

export const memoryTargetBytes = 1024

const verdict = (value: number) => (value <= memoryTargetBytes ? "met" : `missed (${ratio(value, memoryTargetBytes)})`)

const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length

const authenticate = (app: BenchApp, token: string) => {
  Effect.runSync(app.manager.authenticate(token))
}

/** Every n-th token, so the sample spreads over all users. */
const spread = (tokens: ReadonlyArray<string>, samples: number) => {
  const step = Math.max(1, Math.floor(tokens.length / samples))
  return tokens.filter((_, index) => index % step === 0).slice(0, samples)
}

export type MemoryOutcome = {
  readonly memory: Table
  readonly rebuild: Table
  /** Heap per live session: opened at sign-in, and rebuilt from the store. */
  readonly headline: { readonly openedBytes: number; readonly rebuiltBytes: number; readonly count: number }
}

/**
 * Runs on the fan-out section's app (its other sessions live), then closes the app, so the
 * comparison of the snapshot with a full actor on fresh inputs starts from a small heap.
 */
export const memorySection = async (
  app: BenchApp,
  tokens: ReadonlyArray<string>,
  options: BenchOptions
): Promise<MemoryOutcome> => {
  progress(`Memory: heap of ${count(app.registry.size)} live actors (full GC, evict all, full GC)`)
  const withActors = liveHeapBytes()
  const evicted = Effect.runSync(app.eviction.evictAll)
  const opened = { count: evicted, bytes: (withActors - liveHeapBytes()) / evicted }

  const samples = spread(tokens, options.memory.rebuildSamples)
  progress(`Rebuild: ${count(samples.length)} evicted sessions, one authenticate(token) each, then again while live`)
  const rebuildMs = samples.map((token) => timeMs(() => authenticate(app, token)))
  const liveMs = samples.map((token) => timeMs(() => authenticate(app, token)))

  Effect.runSync(app.eviction.evictAll)
  progress(`Rebuild: all ${count(tokens.length)} sessions after evicting every actor (as after a restart)`)
  const beforeRebuild = liveHeapBytes()
  const rebuildAllMs = timeMs(() => tokens.forEach((token) => authenticate(app, token)))
  const rebuilt = { count: app.registry.size, bytes: (liveHeapBytes() - beforeRebuild) / app.registry.size }
  await app.close()

  progress(
    `Memory: ${count(options.memory.representationCount)} sessions as snapshots, then as started createActor actors`
  )
  const [snapshot, actor] = compareRepresentations(options.memory.representationCount)

  const memory: Table = {
    title: "Memory per live session",
    columns: ["what", "count", "heap per session", "vs createActor", "create", "one USER_CHANGED", "target ≤ 1 KiB"],
    rows: [
      [
        "SessionManager actor, opened at sign-in",
        count(opened.count),
        bytes(opened.bytes),
        ratio(opened.bytes, actor!.heapBytesPerSession),
        "",
        "",
        verdict(opened.bytes)
      ],
      [
        "SessionManager actor, rebuilt from store",
        count(rebuilt.count),
        bytes(rebuilt.bytes),
        ratio(rebuilt.bytes, actor!.heapBytesPerSession),
        "",
        "",
        verdict(rebuilt.bytes)
      ],
      ...[snapshot!, actor!].map((figures) => [
        figures.label,
        count(figures.count),
        bytes(figures.heapBytesPerSession),
        ratio(figures.heapBytesPerSession, actor!.heapBytesPerSession),
        us(figures.createMicros),
        us(figures.advanceMicros),
        ""
      ])
    ],
    notes: [
      "SessionManager rows: heap after a full GC with the actors live, minus heap after evicting them all (and a full GC), divided by their number. Includes everything the manager keeps per session: the snapshot and its context, the LiveSession record, the token and user indexes.",
      "Sessions in the same machine state share its state objects, and sessions of one user share one user object (packages/session-machine/src/sessionSteps.ts, sessions/live/LiveSession.ts); rebuilt ones still parse their own session strings from the store, hence a little larger.",
      'Last two rows: the same inputs (10 sessions per user) held in a Map, as machine snapshots advanced with XState\'s pure transition, or as started XState actors; "create" and "one USER_CHANGED" are the mean time per session. The SessionManager rows also carry the token and user indexes, which the createActor row lacks, so their ratio favours createActor.'
    ]
  }

  const rebuildSummary = summarize(rebuildMs.map((value) => value * 1000))
  const liveSummary = summarize(liveMs.map((value) => value * 1000))
  const rebuild: Table = {
    title: "Rebuilding an evicted actor from the store",
    columns: ["authenticate(token)", "count", "p50", "p99", "max", "mean", "p50 vs live"],
    rows: [
      [
        "evicted: session + user read from SQLite, snapshot built",
        count(rebuildSummary.count),
        us(rebuildSummary.p50),
        us(rebuildSummary.p99),
        us(rebuildSummary.max),
        us(mean(rebuildMs) * 1000),
        ratio(rebuildSummary.p50, liveSummary.p50)
      ],
      [
        "live actor (same sessions, right after)",
        count(liveSummary.count),
        us(liveSummary.p50),
        us(liveSummary.p99),
        us(liveSummary.max),
        us(mean(liveMs) * 1000),
        "1.00×"
      ],
      [
        `all evicted, one after another: ${ms(rebuildAllMs)} in all`,
        count(tokens.length),
        "",
        "",
        "",
        us((rebuildAllMs * 1000) / tokens.length),
        ""
      ]
    ],
    notes: [
      `Samples spread evenly over ${count(tokens.length)} sessions of the fan-out section, all evicted first. The last row times the whole loop (no per-call clock), as the first requests after a restart would.`,
      `Rebuilding also moves lastSeenAt (in memory, and noted for the store's next batched write when the last one is over a minute old), as the first request after a restart does.`
    ]
  }
  progress(`Memory: done (${fixed(opened.bytes, 0)} B per opened actor)`)
  return { memory, rebuild, headline: { openedBytes: opened.bytes, rebuiltBytes: rebuilt.bytes, count: opened.count } }
}
