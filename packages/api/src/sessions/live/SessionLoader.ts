import { SessionRevoked, Unauthenticated } from "@verity/domain"
import type { SessionEvent } from "@verity/session-machine"
import { Sessions, type StoreError, Users } from "@verity/store"
import { Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../../config/AppConfig.ts"
import { currentOrigin, SessionActivity } from "../activity/SessionActivity.ts"
import { LastSeenWrites } from "./LastSeenWrites.ts"
import { type LiveSession, liveSessionOf } from "./LiveSession.ts"
import { LiveSessions } from "./SessionRegistry.ts"

/** A session just made live, and what happened to it while it was being loaded. */
export type LoadedSession = {
  readonly session: LiveSession
  /** Events that arrived during the load, oldest first, for the caller to apply (order-safe by version). */
  readonly missed: ReadonlyArray<SessionEvent>
}

/**
 * Makes sessions live: a dormant one (evicted, or from before a restart) is rebuilt from the
 * store, which is the source of truth, on its next request; a new one at sign-in.
 *
 * A load reads the store, and a change or a revocation may land in the meantime. Those are held
 * in a replay buffer while the load runs and handed back with the session, so nothing committed
 * during a rebuild is lost; the machine ignores what it already has, so replaying is safe.
 */
export class SessionLoader extends Context.Service<
  SessionLoader,
  {
    /** The live session behind a token hash: from memory, or rebuilt from the store. */
    findOrRebuild(
      tokenHash: string,
      nowMs: number
    ): Effect.Effect<LoadedSession, Unauthenticated | SessionRevoked | StoreError>
    /** Makes a session live through the same door as a rebuild, so changes that land meanwhile are held too. */
    load<E>(sessionId: string, userId: string, read: Effect.Effect<LiveSession, E>): Effect.Effect<LoadedSession, E>
    /** Holds a change of the user for every session of theirs being loaded right now. */
    holdForUser(userId: string, event: SessionEvent): void
    /** Holds an event for that session if it is being loaded right now. */
    holdForSession(sessionId: string, event: SessionEvent): void
  }
>()("@verity/api/sessions/SessionLoader") {
  static readonly layer = Layer.effect(
    SessionLoader,
    Effect.gen(function* () {
      const registry = yield* LiveSessions
      const activity = yield* SessionActivity
      const sessions = yield* Sessions
      const users = yield* Users
      const lastSeen = yield* LastSeenWrites
      const idleTimeoutMs = Duration.toMillis((yield* AppConfig).sessionIdleTimeout)
      const loading = new Map<string, { readonly userId: string; readonly held: Array<SessionEvent> }>()

      const load = <E>(sessionId: string, userId: string, read: Effect.Effect<LiveSession, E>) =>
        Effect.suspend(() => {
          const entry = { userId, held: [] as Array<SessionEvent> }
          loading.set(sessionId, entry)
          return read.pipe(
            Effect.map((session): LoadedSession => ({ session: registry.add(session), missed: entry.held })),
            Effect.ensuring(Effect.sync(() => loading.delete(sessionId)))
          )
        })

      const noneMissed: ReadonlyArray<SessionEvent> = []

      // Untraced: every request comes through here, and a live session must cost next to nothing.
      const findOrRebuild = Effect.fnUntraced(function* (tokenHash: string, nowMs: number) {
        const live = registry.findByTokenHash(tokenHash)
        if (live !== undefined) return { session: live, missed: noneMissed }
        const record = Option.getOrUndefined(yield* sessions.findByTokenHash(tokenHash))
        if (record === undefined) return yield* new Unauthenticated()
        if (record.revokedReason !== null) return yield* new SessionRevoked({ revokedReason: record.revokedReason })
        const started = performance.now()
        const loaded = yield* load(
          record.id,
          record.userId,
          Effect.gen(function* () {
            const user = Option.getOrUndefined(yield* users.findById(record.userId))
            if (user === undefined) return yield* new Unauthenticated()
            // Seen since the store was last written (evicted before the next flush): start from that.
            const seenAt = lastSeen.pendingFor(record.id)
            const current =
              seenAt === undefined || seenAt <= record.lastSeenAt ? record : { ...record, lastSeenAt: seenAt }
            return liveSessionOf(current, user, idleTimeoutMs, nowMs, registry.anyActiveSessionOf(record.userId))
          })
        )
        activity.publish({
          _tag: "Rebuilt",
          session: loaded.session,
          durationMs: performance.now() - started,
          origin: yield* currentOrigin
        })
        return loaded
      })

      return SessionLoader.of({
        findOrRebuild,
        load,
        holdForUser: (userId, event) => {
          for (const entry of loading.values()) if (entry.userId === userId) entry.held.push(event)
        },
        holdForSession: (sessionId, event) => void loading.get(sessionId)?.held.push(event)
      })
    })
  )
}
