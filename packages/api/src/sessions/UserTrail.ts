/**
 * A user's own sessions' recent history ("signed out because the password was changed on another
 * device, 10:42"), from the same session trail the inspector reads, told as facts a user
 * recognises: signing in, a change of their account, the end of a session and why. Only the
 * user's own sessions, and nothing of the servers (no instance or request ids, no machine
 * states). The words are the web app's (features/sessions).
 */
import { RevokeReason, UserChangeCause } from "@verity/domain"
import { Sessions, SessionTrail, type SessionTrailRecord, type StoreError } from "@verity/store"
import { Context, Effect, Layer, Schema } from "effect"
import { eventOf } from "../trail/readTrail.ts"
import { SessionTrailRecorder } from "../trail/SessionTrailRecorder.ts"
import type { LiveSession } from "./live/LiveSession.ts"

// The user's sessions shown, newest first, and the events shown for each.
const sessionsShown = 20
const eventsPerSession = 10
// Records read to find them: starts and steps only (touches and evictions are not told).
const recordsRead = 500

// A schema, not a declared type, so the built client can write it out in full (see
// inspector/InspectorViews.ts for why).
const UserTrailEvent = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("signedIn"), at: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("accountChanged"), at: Schema.String, cause: UserChangeCause }),
  Schema.Struct({ kind: Schema.Literal("ended"), at: Schema.String, reason: RevokeReason })
])
type UserTrailEvent = typeof UserTrailEvent.Type

/** One of the user's sessions and its recent history, newest first. */
export const UserSessionTrail = Schema.Struct({
  sessionId: Schema.String,
  current: Schema.Boolean,
  userAgent: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
  endedAt: Schema.NullOr(Schema.String),
  endedBecause: Schema.NullOr(RevokeReason),
  events: Schema.Array(UserTrailEvent)
})
export type UserSessionTrail = typeof UserSessionTrail.Type

const isRevokeReason = Schema.is(RevokeReason)

/** What a user is told of a record; null for what is the servers' business (rebuilds, reloads). */
const userEventOf = (record: SessionTrailRecord): UserTrailEvent | null => {
  if (record.kind === "started") return record.how === "opened" ? { kind: "signedIn", at: record.at } : null
  if (record.kind !== "stepped") return null
  if (record.stateAfter === "revoked" && record.stateBefore !== "revoked") {
    const reason = record.cause
    return isRevokeReason(reason) ? { kind: "ended", at: record.at, reason } : null
  }
  const event = eventOf(record.event)
  return event.type === "USER_CHANGED" ? { kind: "accountChanged", at: record.at, cause: event.cause } : null
}

export class UserTrail extends Context.Service<
  UserTrail,
  {
    /** The recent history of the user's sessions, the newest session first; only sessions with something to tell. */
    recentOf(current: LiveSession): Effect.Effect<ReadonlyArray<UserSessionTrail>, StoreError>
  }
>()("@verity/api/sessions/UserTrail") {
  static readonly layer = Layer.effect(
    UserTrail,
    Effect.gen(function* () {
      const sessions = yield* Sessions
      const trail = yield* SessionTrail
      const recorder = yield* SessionTrailRecorder

      const recentOf = Effect.fn("UserTrail.recentOf")(function* (current: LiveSession) {
        // What just happened on this instance (a password changed a moment ago) is in the store first.
        yield* recorder.flush
        const records = yield* trail.ofUser(current.userId, { limit: recordsRead, kinds: ["started", "stepped"] })
        const bySession = Map.groupBy(
          records.flatMap((record) => {
            const event = userEventOf(record)
            return event === null || record.sessionId === null ? [] : [{ sessionId: record.sessionId, event }]
          }),
          (told) => told.sessionId
        )
        const own = yield* sessions.listRecentByUser(current.userId, sessionsShown)
        return own.flatMap((session): ReadonlyArray<UserSessionTrail> => {
          const told = bySession.get(session.id)
          if (told === undefined) return []
          return [
            {
              sessionId: session.id,
              current: session.id === current.sessionId,
              userAgent: session.userAgent,
              createdAt: session.createdAt,
              endedAt: session.revokedAt,
              endedBecause: session.revokedReason,
              events: told.slice(0, eventsPerSession).map(({ event }) => event)
            }
          ]
        })
      })

      return UserTrail.of({ recentOf })
    })
  )
}
