import { Clock, Context, Duration, Effect, Layer, Schedule } from "effect"
import { AppConfig } from "../../config/AppConfig.ts"
import { SessionActivity } from "../activity/SessionActivity.ts"
import type { LiveSession } from "./LiveSession.ts"
import { LiveSessions } from "./SessionRegistry.ts"

/**
 * Keeps memory bounded: a live session with no request for `ACTOR_IDLE_EVICTION` leaves memory.
 * The store keeps it, and its next request rebuilds it (SessionLoader). A session someone is
 * watching (an open `session.changes` stream) stays, since the stream reads it.
 */
export class SessionEviction extends Context.Service<
  SessionEviction,
  {
    /** Drops the sessions idle for longer than the configured time; answers how many. */
    readonly evictIdle: Effect.Effect<number>
    /** Drops every unwatched session (operators, tests); answers how many. */
    readonly evictAll: Effect.Effect<number>
  }
>()("@verity/api/sessions/SessionEviction") {
  static readonly layer = Layer.effect(
    SessionEviction,
    Effect.gen(function* () {
      const registry = yield* LiveSessions
      const activity = yield* SessionActivity
      const evictionMs = Duration.toMillis((yield* AppConfig).actorIdleEviction)

      const evictWhere = (shouldEvict: (session: LiveSession) => boolean) =>
        Effect.sync(() => {
          const evicted: Array<LiveSession> = []
          for (const session of registry.all()) {
            if (!shouldEvict(session) || registry.isWatched(session.sessionId)) continue
            registry.remove(session)
            evicted.push(session)
          }
          if (evicted.length > 0) {
            activity.publish({
              _tag: "Evicted",
              sessionIds: evicted.map((session) => session.sessionId),
              sessions: evicted
            })
          }
          return evicted.length
        })

      const evictIdle = Effect.flatMap(Clock.currentTimeMillis, (nowMs) =>
        evictWhere((session) => nowMs - session.lastRequestAt >= evictionMs)
      )

      // Sweep often enough that an idle session outlives its eviction time by at most half of it.
      yield* evictIdle.pipe(
        Effect.repeat(Schedule.spaced(Duration.millis(Math.max(1_000, Math.min(evictionMs / 2, 60_000))))),
        Effect.forkScoped
      )

      return SessionEviction.of({ evictIdle, evictAll: evictWhere(() => true) })
    })
  )
}
