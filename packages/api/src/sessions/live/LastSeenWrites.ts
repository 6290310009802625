import { Sessions, StoreTransactions } from "@verity/store"
import { Context, Duration, Effect, Layer, Schedule } from "effect"

// One store transaction a second however many sessions were seen: a commit (and its fsync) per
// session took about a third of the event loop at 100,000 sessions making a request a minute
// (npm run bench, "lastSeenAt writes"), and a second is far below any timeout it serves.
const flushInterval = Duration.seconds(1)

/**
 * `lastSeenAt` on its way to the store. A request notes when its session was seen (in memory,
 * nothing waits); once a second every noted session is written in one transaction, and when the
 * server stops, whatever is left is written before the store closes. A flush that fails keeps its
 * entries for the next one.
 *
 * It only feeds what the store shows and what a rebuilt session starts from: a live session's idle
 * timeout runs on its own actor. A rebuild made before the next flush reads `pendingFor` so an
 * evicted session never comes back older than it was.
 */
export class LastSeenWrites extends Context.Service<
  LastSeenWrites,
  {
    /** Records that the session was last seen at `lastSeenAt` (ISO 8601); the latest note wins. */
    note(sessionId: string, lastSeenAt: string): void
    /** A `lastSeenAt` noted and not yet written, if any. */
    pendingFor(sessionId: string): string | undefined
    /** Writes everything noted so far, in one transaction. */
    readonly flush: Effect.Effect<void>
  }
>()("@verity/api/sessions/LastSeenWrites") {
  static readonly layer = Layer.effect(
    LastSeenWrites,
    Effect.gen(function* () {
      const sessions = yield* Sessions
      const transactions = yield* StoreTransactions
      let pending = new Map<string, string>()

      /** Puts back a batch that was not written; an id noted again meanwhile keeps its newer note. */
      const putBack = (batch: ReadonlyMap<string, string>) =>
        Effect.sync(() => {
          for (const [id, lastSeenAt] of batch) if (!pending.has(id)) pending.set(id, lastSeenAt)
        })

      const flush = Effect.suspend(() => {
        if (pending.size === 0) return Effect.void
        const batch = pending
        pending = new Map()
        return transactions
          .transact(Effect.forEach(batch, ([id, lastSeenAt]) => sessions.touch(id, lastSeenAt), { discard: true }))
          .pipe(
            Effect.onInterrupt(() => putBack(batch)),
            Effect.catchTag("StoreError", (error) =>
              Effect.andThen(
                putBack(batch),
                Effect.logWarning(`Could not write lastSeenAt of ${batch.size} session(s); will retry`, error)
              )
            )
          )
      })

      // Finalizers run last added first: the timed flushes stop, then what is left is written,
      // and all of it before the store (a dependency of this layer) closes.
      yield* Effect.addFinalizer(() => flush)
      yield* flush.pipe(Effect.repeat(Schedule.spaced(flushInterval)), Effect.forkScoped)

      return LastSeenWrites.of({
        note: (sessionId, lastSeenAt) => void pending.set(sessionId, lastSeenAt),
        pendingFor: (sessionId) => pending.get(sessionId),
        flush
      })
    })
  )
}
