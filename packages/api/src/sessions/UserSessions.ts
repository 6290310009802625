import { SessionNotFound, type SessionView } from "@verity/domain"
import { advanceSession, isRevoked, type SessionSnapshot, sessionStateName } from "@verity/session-machine"
import { Sessions, type SessionRecord, type StoreError, type UserRecord, Users } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { type LiveSession, liveSessionOf } from "./live/LiveSession.ts"
import { LiveSessions } from "./live/SessionRegistry.ts"
import { SessionManager } from "./SessionManager.ts"

/** A user's view of their own sessions ("where am I signed in?"), and ending them. */
export class UserSessions extends Context.Service<
  UserSessions,
  {
    /**
     * Every session of the user that has not ended, with its state as the session machine
     * says now: live ones from memory, dormant ones built from the store (one user read).
     */
    list(current: LiveSession): Effect.Effect<ReadonlyArray<SessionView>, StoreError>
    /** Another user's session answers exactly like one that does not exist. */
    revoke(current: LiveSession, sessionId: string): Effect.Effect<void, SessionNotFound | StoreError>
    revokeOthers(current: LiveSession): Effect.Effect<number, StoreError>
  }
>()("@verity/api/sessions/UserSessions") {
  static readonly layer = Layer.effect(
    UserSessions,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const sessions = yield* Sessions
      const users = yield* Users
      const registry = yield* LiveSessions
      const manager = yield* SessionManager
      const idleTimeoutMs = Duration.toMillis(config.sessionIdleTimeout)

      /** What the machine makes of a session now: the live actor, or the stored one as it would be rebuilt. */
      const snapshotNow = (record: SessionRecord, user: UserRecord, nowMs: number): SessionSnapshot => {
        const snapshot = registry.get(record.id)?.snapshot ?? liveSessionOf(record, user, idleTimeoutMs, nowMs).snapshot
        return advanceSession(snapshot, { type: "TICK", at: new Date(nowMs).toISOString() }).snapshot
      }

      const list = Effect.fn("UserSessions.list")(function* (current: LiveSession) {
        const nowMs = yield* Clock.currentTimeMillis
        const records = yield* sessions.listActiveByUser(current.userId)
        const user = Option.getOrUndefined(yield* users.findById(current.userId))
        if (user === undefined) return []
        return records.flatMap((record): Array<SessionView> => {
          const snapshot = snapshotNow(record, user, nowMs)
          if (isRevoked(snapshot)) return []
          const { session } = snapshot.context
          return [
            {
              id: record.id,
              current: record.id === current.sessionId,
              state: sessionStateName(snapshot),
              createdAt: session.createdAt,
              lastSeenAt: session.lastSeenAt,
              expiresAt: session.expiresAt,
              userAgent: session.userAgent,
              ip: session.ip
            }
          ]
        })
      })

      const revoke = Effect.fn("UserSessions.revoke")(function* (current: LiveSession, sessionId: string) {
        const record = Option.getOrUndefined(yield* sessions.findById(sessionId))
        if (record === undefined || record.userId !== current.userId) return yield* new SessionNotFound()
        yield* manager.revoke(sessionId, "revokedByUser")
      })

      const revokeOthers = (current: LiveSession) =>
        manager
          .revokeAllOfUser(current.userId, "revokedByUser", current.sessionId)
          .pipe(Effect.withSpan("UserSessions.revokeOthers"))

      return UserSessions.of({ list, revoke, revokeOthers })
    })
  )
}
