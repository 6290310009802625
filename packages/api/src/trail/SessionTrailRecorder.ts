/**
 * Records every session's trail (every step, every session made live or evicted, every user
 * change's fan-out) in the store's SessionTrail, off the hot path.
 *
 * It listens to SessionActivity, and the listener only notes each event in a buffer (see
 * notedActivity.ts); a background fiber turns the buffer into records and appends them in
 * batches, and what is buffered at shutdown is written before the store closes. The recorder
 * keeps nothing per session, so a live session costs no more memory with recording on.
 *
 * A store that fails must not fail requests: a batch that cannot be written is dropped, counted
 * and logged, as is what arrives while the buffer is full; the sessions go on regardless.
 */
import { SessionTrail, type SessionTrailRecord } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Schedule, Semaphore } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { SessionActivity } from "../sessions/activity/SessionActivity.ts"
import { type NotedActivity, noteActivity, recordCountOf, recordsOf } from "./notedActivity.ts"

// Records reach the store at most this long after they happen, so another instance's inspector
// sees a step within a second; one transaction per interval is cheaper than one per step.
const flushIntervalMs = 200
// One append holds the embedded store's single connection while it runs: small batches let
// requests that need the store go in between (500 records take a few milliseconds).
const appendBatchSize = 500
// If the store stalls, at most this many records wait in memory (a few tens of MB); beyond that
// new ones are dropped and counted rather than growing the heap without bound.
const bufferCapacity = 100_000
// A busy session's trail keeps its latest 200 records of each kind (steps, minute touches,
// starts, evictions): touches cannot push the steps that matter out.
export const keepPerSessionAndKind = 200
// Expired records are deleted this often (MongoDB's TTL index also does it, every minute).
const expirySweepInterval = Duration.minutes(10)
// A store that keeps failing is logged at most this often, with the counts so far.
const lossLogIntervalMs = 10_000

/** What the recorder has done since the process started. */
export type TrailRecorderStats = {
  readonly recording: boolean
  /** Records written to the store. */
  readonly written: number
  /** Records noted but not written yet. */
  readonly pending: number
  /** Records dropped because the buffer was full. */
  readonly droppedBufferFull: number
  /** Records dropped because the store refused a batch. */
  readonly droppedStoreFailed: number
}

export class SessionTrailRecorder extends Context.Service<
  SessionTrailRecorder,
  {
    /** Writes everything noted so far; readers that must see this instance's latest steps call it first. */
    readonly flush: Effect.Effect<void>
    readonly stats: Effect.Effect<TrailRecorderStats>
  }
>()("@verity/api/trail/SessionTrailRecorder") {
  static readonly layer = Layer.effect(
    SessionTrailRecorder,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const trail = yield* SessionTrail
      const activity = yield* SessionActivity
      const clock = yield* Clock.Clock
      const retentionMs = Duration.toMillis(config.auditRetention)

      let buffer: Array<NotedActivity> = []
      let buffered = 0
      let seq = 0
      const counts = { written: 0, droppedBufferFull: 0, droppedStoreFailed: 0 }
      let lossLoggedAt = Number.NEGATIVE_INFINITY
      const stamp = { instanceId: config.instanceId, retentionMs, nextSeq: () => seq++ }

      if (config.sessionTrail) {
        yield* Effect.acquireRelease(
          Effect.sync(() =>
            activity.subscribe((event) => {
              const noted = noteActivity(event, clock.currentTimeMillisUnsafe())
              if (noted === null) return
              const count = recordCountOf(noted)
              if (buffered + count > bufferCapacity) {
                counts.droppedBufferFull += count
                return
              }
              buffer.push(noted)
              buffered += count
            })
          ),
          (stopListening) => Effect.sync(stopListening)
        )
      }

      const logLoss = (error: unknown) =>
        Effect.suspend(() => {
          const nowMs = clock.currentTimeMillisUnsafe()
          if (nowMs - lossLoggedAt < lossLogIntervalMs) return Effect.void
          lossLoggedAt = nowMs
          return Effect.logWarning(
            `Session trail: records lost (${counts.droppedStoreFailed} the store refused, ${counts.droppedBufferFull} while the buffer was full, since start)`,
            error
          )
        })

      const writeBatch = (records: ReadonlyArray<SessionTrailRecord>) =>
        trail.append(records, { keepPerSessionAndKind }).pipe(
          Effect.tap(() => Effect.sync(() => (counts.written += records.length))),
          Effect.catch((error) =>
            Effect.andThen(
              Effect.sync(() => (counts.droppedStoreFailed += records.length)),
              logLoss(error)
            )
          )
        )

      // One flush at a time: the loop, a reader that asks for one, and the last one at shutdown.
      const turn = Semaphore.makeUnsafe(1)
      const flush = turn.withPermit(
        Effect.suspend(() => {
          const taken = buffer
          buffer = []
          buffered = 0
          if (taken.length === 0) return Effect.void
          const records = taken.flatMap((noted) => recordsOf(noted, stamp))
          const batches = Array.from({ length: Math.ceil(records.length / appendBatchSize) }, (_, index) =>
            records.slice(index * appendBatchSize, (index + 1) * appendBatchSize)
          )
          return Effect.forEach(batches, (batch) => Effect.andThen(writeBatch(batch), Effect.yieldNow), {
            discard: true
          })
        })
      )

      const sweepExpired = Effect.suspend(() =>
        trail.expire(new Date(clock.currentTimeMillisUnsafe()).toISOString())
      ).pipe(Effect.catch((error) => Effect.logWarning("Session trail: could not delete expired records", error)))

      // Registered before the loops are forked, so it runs after they are interrupted: the last
      // records are written while the store is still open (it closes after this layer).
      yield* Effect.addFinalizer(() => flush)
      if (config.sessionTrail) {
        yield* flush.pipe(Effect.repeat(Schedule.spaced(Duration.millis(flushIntervalMs))), Effect.forkScoped)
      }
      yield* sweepExpired.pipe(Effect.repeat(Schedule.spaced(expirySweepInterval)), Effect.forkScoped)

      return SessionTrailRecorder.of({
        flush,
        stats: Effect.sync(() => ({ recording: config.sessionTrail, pending: buffered, ...counts }))
      })
    })
  )
}
