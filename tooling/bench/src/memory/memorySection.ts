import { Effect } from "effect"
import type { BenchOptions } from "../options.ts"
import { bytes, count, fixed, ms, ratio, us } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { summarize } from "../report/stats.ts"
import type { Table } from "../report/table.ts"
import type { BenchApps } from "../fanout/fanOutSection.ts"
import type { BenchApp } from "../support/benchApp.ts"
import { liveHeapBytes } from "./heap.ts"
import { compareRepresentations } from "./representation.ts"

export const memoryTargetBytes = 1024

const verdict = (value: number) => (value <= memoryTargetBytes ? "met" : `missed (${ratio(value, memoryTargetBytes)})`)

const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length

// A rebuild reads the store, and a read waits until what it may see is on disk (durableCommits.ts):
// after the recorder's writes that is a log sync away, so the call is awaited.
const authenticate = async (app: BenchApp, token: string) => {
  await Effect.runPromise(app.manager.authenticate(token))
}

/** The time of one awaited call, ms. */
const timeAsyncMs = async (run: () => Promise<unknown>) => {
  const started = performance.now()
  await run()
  return performance.now() - started
}

/** Every n-th token, so the sample spreads over all users. */
const spread = (tokens: ReadonlyArray<string>, samples: number) => {
  const step = Math.max(1, Math.floor(tokens.length / samples))
  return tokens.filter((_, index) => index % step === 0).slice(0, samples)
}

export type MemoryOutcome = {
  readonly memory: Table
  readonly rebuild: Table
  /** Heap per live session, trail recorded: opened at sign-in, and rebuilt from the store. */
  readonly headline: { readonly openedBytes: number; readonly rebuiltBytes: number; readonly count: number }
}

/** Heap per live actor of one app: full GC with its actors live, evict them all, full GC. */
const heapPerActor = async (app: BenchApp) => {
  // The recorder's buffer is written first, so the figures hold actors only, not records on their way.
  await app.flushTrail()
  const withActors = liveHeapBytes()
  const evicted = Effect.runSync(app.eviction.evictAll)
  await app.flushTrail()
  return { count: evicted, bytes: (withActors - liveHeapBytes()) / evicted }
}

// The rebuilds of "all evicted" run in chunks, between which the recorder writes (untimed), as
// it would between requests; a single synchronous loop of 100,000 would only fill its buffer.
const rebuildChunk = 5_000

/** Rebuilds every session, as after a restart; answers the time it took and the heap per actor. */
const rebuildAll = async (app: BenchApp, tokens: ReadonlyArray<string>) => {
  Effect.runSync(app.eviction.evictAll)
  await app.flushTrail()
  const beforeRebuild = liveHeapBytes()
  let rebuildAllMs = 0
  for (let start = 0; start < tokens.length; start += rebuildChunk) {
    const chunk = tokens.slice(start, start + rebuildChunk)
    rebuildAllMs += await timeAsyncMs(async () => {
      for (const token of chunk) await authenticate(app, token)
    })
    await app.flushTrail()
  }
  return { ms: rebuildAllMs, count: app.registry.size, bytes: (liveHeapBytes() - beforeRebuild) / app.registry.size }
}

/**
 * Runs on the fan-out section's apps (their other sessions live), then closes them, so the
 * comparison of the snapshot with a full actor on fresh inputs starts from a small heap.
 */
export const memorySection = async (
  apps: BenchApps,
  tokens: { readonly recording: ReadonlyArray<string>; readonly notRecording: ReadonlyArray<string> },
  options: BenchOptions
): Promise<MemoryOutcome> => {
  progress(
    `Memory: heap of ${count(apps.recording.registry.size)} live actors in each app (full GC, evict all, full GC)`
  )
  const opened = { off: await heapPerActor(apps.notRecording), on: await heapPerActor(apps.recording) }

  const samples = spread(tokens.recording, options.memory.rebuildSamples)
  progress(`Rebuild: ${count(samples.length)} evicted sessions, one authenticate(token) each, then again while live`)
  const rebuildMs: Array<number> = []
  for (const token of samples) rebuildMs.push(await timeAsyncMs(() => authenticate(apps.recording, token)))
  const liveMs: Array<number> = []
  for (const token of samples) liveMs.push(await timeAsyncMs(() => authenticate(apps.recording, token)))

  progress(
    `Rebuild: all ${count(tokens.recording.length)} sessions in each app after evicting every actor (as after a restart)`
  )
  const rebuilt = {
    off: await rebuildAll(apps.notRecording, tokens.notRecording),
    on: await rebuildAll(apps.recording, tokens.recording)
  }
  const stats = apps.recording.trailStats()
  await Promise.all([apps.recording.close(), apps.notRecording.close()])

  progress(
    `Memory: ${count(options.memory.representationCount)} sessions as snapshots, then as started createActor actors`
  )
  const [snapshot, actor] = compareRepresentations(options.memory.representationCount)

  const actorRow = (label: string, figures: { count: number; bytes: number }, notRecording: number | null) => [
    label,
    count(figures.count),
    bytes(figures.bytes),
    ratio(figures.bytes, actor!.heapBytesPerSession),
    notRecording === null ? "" : ratio(figures.bytes, notRecording),
    "",
    "",
    verdict(figures.bytes)
  ]
  const memory: Table = {
    title: "Memory per live session",
    columns: [
      "what",
      "count",
      "heap per session",
      "vs createActor",
      "recording vs not",
      "create",
      "one USER_CHANGED",
      "target ≤ 1 KiB"
    ],
    rows: [
      actorRow("SessionManager actor, opened at sign-in (trail recorded)", opened.on, opened.off.bytes),
      actorRow("SessionManager actor, opened at sign-in (SESSION_TRAIL=off)", opened.off, null),
      actorRow("SessionManager actor, rebuilt from store (trail recorded)", rebuilt.on, rebuilt.off.bytes),
      actorRow("SessionManager actor, rebuilt from store (SESSION_TRAIL=off)", rebuilt.off, null),
      ...[snapshot!, actor!].map((figures) => [
        figures.label,
        count(figures.count),
        bytes(figures.heapBytesPerSession),
        ratio(figures.heapBytesPerSession, actor!.heapBytesPerSession),
        "",
        us(figures.createMicros),
        us(figures.advanceMicros),
        ""
      ])
    ],
    notes: [
      "SessionManager rows: heap after a full GC with the actors live, minus heap after evicting them all (and a full GC), divided by their number. Includes everything the manager keeps per session: the snapshot and its context, the LiveSession record, the token and user indexes.",
      'Two apps side by side, the same sessions in each: one records the session trail (the default), one runs with SESSION_TRAIL=off. The recorder keeps nothing per session; its buffer is written to the store before each heap reading, so "recording vs not" near 1× is the recorder\'s steady-state cost per live session.',
      `Session trail of the recording app by the end: ${count(stats.written)} records written, ${count(stats.droppedBufferFull)} dropped with a full buffer, ${count(stats.droppedStoreFailed)} refused by the store.`,
      "Sessions in the same machine state share its state objects, and sessions of one user share one user object (packages/session-machine/src/sessionSteps.ts, sessions/live/LiveSession.ts); rebuilt ones still parse their own session strings from the store, hence a little larger.",
      'Last two rows: the same inputs (10 sessions per user) held in a Map, as machine snapshots advanced with XState\'s pure transition, or as started XState actors; "create" and "one USER_CHANGED" are the mean time per session. The SessionManager rows also carry the token and user indexes, which the createActor row lacks, so their ratio favours createActor.'
    ]
  }

  const rebuildSummary = summarize(rebuildMs.map((value) => value * 1000))
  const liveSummary = summarize(liveMs.map((value) => value * 1000))
  const rebuild: Table = {
    title: "Rebuilding an evicted actor from the store (session trail recorded)",
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
        `all evicted, one after another: ${ms(rebuilt.on.ms)} in all`,
        count(tokens.recording.length),
        "",
        "",
        "",
        us((rebuilt.on.ms * 1000) / tokens.recording.length),
        ""
      ],
      [
        `the same with SESSION_TRAIL=off: ${ms(rebuilt.off.ms)} in all`,
        count(tokens.notRecording.length),
        "",
        "",
        "",
        us((rebuilt.off.ms * 1000) / tokens.notRecording.length),
        ""
      ]
    ],
    notes: [
      `Samples spread evenly over ${count(tokens.recording.length)} sessions of the fan-out section's recording app, all evicted first. The "all evicted" rows time the loops (no per-call clock) in chunks of ${count(rebuildChunk)}, between which the recorder writes what it noted (not timed), as the first requests after a restart would.`,
      `Rebuilding also moves lastSeenAt (in memory, and noted for the store's next batched write when the last one is over a minute old), as the first request after a restart does.`
    ]
  }
  progress(`Memory: done (${fixed(opened.on.bytes, 0)} B per opened actor, recording)`)
  return {
    memory,
    rebuild,
    headline: { openedBytes: opened.on.bytes, rebuiltBytes: rebuilt.on.bytes, count: opened.on.count }
  }
}
