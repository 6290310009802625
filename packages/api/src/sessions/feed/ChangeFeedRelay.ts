import { UserChangeFeed } from "@verity/store"
import { Clock, Duration, Effect, Layer, Stream } from "effect"
import { Metrics } from "../../observability/Metrics.ts"
import { LiveSessions } from "../live/SessionRegistry.ts"
import { publicUser } from "../sessionRecords.ts"
import { SessionManager } from "../SessionManager.ts"

const reopenDelay = Duration.seconds(1)

/**
 * Carries user changes and session revocations committed anywhere (another API instance, an
 * operator's direct write) to this instance's live sessions, with the cause the writer stamped.
 * When the feed ends or fails, every live user is reloaded from the store (changes may have been
 * missed meanwhile) and the feed is reopened.
 */
export const ChangeFeedRelay = Layer.effectDiscard(
  Effect.gen(function* () {
    const feed = yield* UserChangeFeed
    const manager = yield* SessionManager
    const registry = yield* LiveSessions
    const metrics = yield* Metrics

    /** How long a change took to arrive, from the time its writer stamped on it. */
    const noteLag = (stampedAt: string | undefined) =>
      stampedAt === undefined
        ? Effect.void
        : Effect.map(Clock.currentTimeMillis, (nowMs) =>
            metrics.noteChangeFeedLag((nowMs - Date.parse(stampedAt)) / 1_000)
          )

    const resync = Effect.andThen(
      Effect.sync(() => metrics.noteChangeFeedResync()),
      manager.resyncAll
    )

    /**
     * This instance's own writes come back through the feed after UserChanges has already moved
     * the live sessions. Skipped here by version, on purpose: the live sessions hold it already.
     */
    const alreadyHeld = (userId: string, version: number) =>
      registry.activeSessionsOf(userId).every((session) => session.snapshot.context.userVersion >= version)

    const relay = feed.changes.pipe(
      Stream.runForEach((change) => {
        switch (change._tag) {
          case "Changed":
            return Effect.andThen(
              noteLag(change.user.lastChange?.at),
              alreadyHeld(change.user.id, change.user.version)
                ? Effect.void
                : manager.dispatch({
                    user: publicUser(change.user),
                    version: change.user.version,
                    cause: change.cause,
                    // A write that left no stamp of its own has no commit time to measure from.
                    committedAt: change.cause === "externalWrite" ? null : (change.user.lastChange?.at ?? null)
                  })
            )
          case "SessionRevoked":
            return manager.applyRevocations([change.sessionId], change.reason)
          case "ResyncNeeded":
            // The feed lost its place (and has already reopened): re-read what is held live.
            return resync
        }
      })
    )
    yield* relay.pipe(
      Effect.catch((error) => Effect.logWarning("User change feed failed; resyncing and reopening it", error)),
      Effect.andThen(Effect.sleep(reopenDelay)),
      Effect.andThen(resync.pipe(Effect.catch((error) => Effect.logError("Resync failed", error)))),
      Effect.forever,
      Effect.forkScoped
    )
  })
)
