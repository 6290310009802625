import { SessionNotFound, type SessionView } from "@verity/domain"
import { sessionStateName } from "@verity/session-machine"
import { Sessions, type StoreError } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { LiveSession } from "./LiveSession.ts"
import { sessionHasExpired } from "./sessionExpiry.ts"
import { SessionManager } from "./SessionManager.ts"

/** A user's view of their own sessions ("where am I signed in?"), and ending them. */
export class UserSessions extends Context.Service<
  UserSessions,
  {
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
      const manager = yield* SessionManager
      const idleTimeoutMs = Duration.toMillis(config.sessionIdleTimeout)

      const list = (current: LiveSession) =>
        Effect.gen(function* () {
          const nowMs = yield* Clock.currentTimeMillis
          const records = yield* sessions.listActiveByUser(current.userId)
          // A dormant session's state follows the user, whom the current session knows best.
          const dormantState = sessionStateName(current.snapshot)
          return records.flatMap((record): Array<SessionView> => {
            const live = manager.peek(record.id)
            const lastSeenAt = live?.snapshot.context.session.lastSeenAt ?? record.lastSeenAt
            if (sessionHasExpired({ expiresAt: record.expiresAt, lastSeenAt }, nowMs, idleTimeoutMs)) return []
            return [
              {
                id: record.id,
                current: record.id === current.sessionId,
                state: live === undefined ? dormantState : sessionStateName(live.snapshot),
                createdAt: record.createdAt,
                lastSeenAt,
                expiresAt: record.expiresAt,
                userAgent: record.userAgent,
                ip: record.ip
              }
            ]
          })
        })

      const revoke = (current: LiveSession, sessionId: string) =>
        Effect.gen(function* () {
          const record = Option.getOrUndefined(yield* sessions.findById(sessionId))
          if (record === undefined || record.userId !== current.userId) return yield* new SessionNotFound()
          yield* manager.revoke(sessionId, "revokedByUser")
        })

      const revokeOthers = (current: LiveSession) =>
        manager.revokeAllOfUser(current.userId, "revokedByUser", current.sessionId)

      return UserSessions.of({ list, revoke, revokeOthers })
    })
  )
}
