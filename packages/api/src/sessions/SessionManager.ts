import { type RevokeReason, SessionRevoked, Unauthenticated, type UserChange } from "@verity/domain"
import {
  advanceSession,
  isActive,
  isRevoked,
  needsReload,
  revokedReason,
  type SessionEvent
} from "@verity/session-machine"
import { Sessions, type StoreError, type UserRecord, Users } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option, Schedule } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { newOpaqueToken, sha256Hex } from "../security/secrets.ts"
import { type LiveSession, liveSessionOf } from "./LiveSession.ts"
import { sessionHasExpired } from "./sessionExpiry.ts"
import { publicUser } from "./sessionRecords.ts"

export type ClientInfo = { readonly userAgent: string | null; readonly ip: string | null }

/** Who is told when a live session changes (the `session.changes` stream). */
export type SessionListener = (session: LiveSession) => void

// `lastSeenAt` moves in memory at most once a second and reaches the store at most once a
// minute, so a busy session does not turn every read into a write.
const touchGranularityMs = 1_000
const lastSeenWriteIntervalMs = 60_000

/**
 * Owns every live session actor of this process.
 *
 * Actors are plain machine snapshots in a Map keyed by session id, advanced with the session
 * machine's pure transition function, plus an index userId -> session ids. Measured by
 * `npm run bench` at 100,000 sessions: about 1.3–1.5 KiB per session held this way, against
 * 4.5 KiB for a started XState `createActor`. Fan-out touches only the changed user's sessions.
 */
export class SessionManager extends Context.Service<
  SessionManager,
  {
    /** Stores a new session for a signed-in user and makes its live actor; answers the bearer token. */
    open(user: UserRecord, client: ClientInfo): Effect.Effect<{ token: string; session: LiveSession }, StoreError>
    /** The live session behind a token, rebuilt from the store when dormant; refuses ended ones. */
    authenticate(token: string): Effect.Effect<LiveSession, Unauthenticated | SessionRevoked | StoreError>
    /** Moves every live actor of the user to the change, before the caller answers (G1). */
    dispatch(change: UserChange): Effect.Effect<void, StoreError>
    /** Ends a session for good, in the store and in memory; false when it had already ended. */
    revoke(sessionId: string, reason: RevokeReason): Effect.Effect<boolean, StoreError>
    /** Ends every session of the user but one; answers how many it ended. */
    revokeAllOfUser(userId: string, reason: RevokeReason, exceptSessionId?: string): Effect.Effect<number, StoreError>
    /** Drops actors idle for longer than the configured time; the store keeps their sessions. */
    readonly evictIdle: Effect.Effect<number>
    /** Drops every actor (operators, tests); the next request rebuilds it from the store (G3). */
    readonly evictAll: Effect.Effect<number>
    /** Calls the listener after every change of that session; returns the unsubscribe function. */
    subscribe(sessionId: string, listener: SessionListener): () => void
    /**
     * Reloads the user of the session's actors from the store when this actor is behind
     * `minVersion` (a client saw that version elsewhere, G2); a no-op when it is current.
     */
    catchUp(session: LiveSession, minVersion: number): Effect.Effect<void, StoreError>
    /** A revocation committed elsewhere (another instance): ends the live actor, if any. */
    revoked(sessionId: string, reason: RevokeReason): Effect.Effect<void>
    /**
     * Re-reads every live user and live session from the store: after the change feed lost its
     * place, changes and revocations may have been missed.
     */
    readonly resyncAll: Effect.Effect<void, StoreError>
    /** The live actor of a session, if it is in memory (no store read, no touch). */
    peek(sessionId: string): LiveSession | undefined
    liveCount(): number
  }
>()("@verity/api/sessions/SessionManager") {
  static readonly layer = Layer.effect(
    SessionManager,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const sessions = yield* Sessions
      const lifetimeMs = Duration.toMillis(config.sessionLifetime)
      const idleTimeoutMs = Duration.toMillis(config.sessionIdleTimeout)
      const evictionMs = Duration.toMillis(config.actorIdleEviction)

      const live = new Map<string, LiveSession>()
      const sessionIdByToken = new Map<string, string>()
      const sessionIdsByUser = new Map<string, Set<string>>()
      const listeners = new Map<string, Set<SessionListener>>()
      // Sessions being loaded from the store right now, with the events that arrived meanwhile:
      // they are replayed onto the actor once it exists, so a change is never lost in that gap.
      const loading = new Map<string, { readonly userId: string; readonly events: Array<SessionEvent> }>()

      const notify = (session: LiveSession) => {
        const set = listeners.get(session.sessionId)
        if (set !== undefined) for (const listener of set) listener(session)
      }

      const advance = (session: LiveSession, event: SessionEvent) => {
        const before = session.snapshot
        session.snapshot = advanceSession(before, event)
        if (session.snapshot === before) return
        if (isRevoked(session.snapshot)) unindexUser(session)
        notify(session)
      }

      const unindexUser = (session: LiveSession) => {
        const ids = sessionIdsByUser.get(session.userId)
        if (ids === undefined) return
        ids.delete(session.sessionId)
        if (ids.size === 0) sessionIdsByUser.delete(session.userId)
      }

      const forget = (session: LiveSession) => {
        live.delete(session.sessionId)
        sessionIdByToken.delete(session.tokenHash)
        unindexUser(session)
      }

      const register = (session: LiveSession): LiveSession => {
        const existing = live.get(session.sessionId)
        if (existing !== undefined) return existing
        live.set(session.sessionId, session)
        sessionIdByToken.set(session.tokenHash, session.sessionId)
        if (isActive(session.snapshot)) {
          let ids = sessionIdsByUser.get(session.userId)
          if (ids === undefined) sessionIdsByUser.set(session.userId, (ids = new Set()))
          ids.add(session.sessionId)
        }
        return session
      }

      /** Runs `load` with the session marked as loading, then replays what arrived meanwhile. */
      const whileLoading = <E>(
        sessionId: string,
        userId: string,
        load: Effect.Effect<LiveSession, E>
      ): Effect.Effect<LiveSession, E> =>
        Effect.suspend(() => {
          const entry = { userId, events: [] as Array<SessionEvent> }
          loading.set(sessionId, entry)
          return load.pipe(
            Effect.map((session) => {
              for (const event of entry.events) session.snapshot = advanceSession(session.snapshot, event)
              return register(session)
            }),
            Effect.ensuring(Effect.sync(() => loading.delete(sessionId)))
          )
        })

      const loadUser = (userId: string) => users.findById(userId).pipe(Effect.map(Option.getOrUndefined))

      /** After a version gap the actors cannot trust what they hold: the store is the truth. */
      const reloadUser = (userId: string) =>
        Effect.gen(function* () {
          const user = yield* loadUser(userId)
          const ids = sessionIdsByUser.get(userId)
          if (user === undefined || ids === undefined) return
          const event: SessionEvent = { type: "SYNC", user: publicUser(user), version: user.version }
          for (const id of ids) {
            const session = live.get(id)
            if (session !== undefined) advance(session, event)
          }
        })

      const dispatch = (change: UserChange) =>
        Effect.suspend(() => {
          const event: SessionEvent = {
            type: "USER_CHANGED",
            user: change.user,
            version: change.version,
            cause: change.cause
          }
          for (const pending of loading.values()) {
            if (pending.userId === change.user.id) pending.events.push(event)
          }
          const ids = sessionIdsByUser.get(change.user.id)
          if (ids === undefined) return Effect.void
          let gap = false
          for (const id of ids) {
            const session = live.get(id)
            if (session === undefined) continue
            advance(session, event)
            gap ||= needsReload(session.snapshot)
          }
          return gap ? reloadUser(change.user.id) : Effect.void
        })

      const open = (user: UserRecord, client: ClientInfo) =>
        Effect.gen(function* () {
          const token = newOpaqueToken()
          const tokenHash = sha256Hex(token)
          const nowMs = yield* Clock.currentTimeMillis
          const now = new Date(nowMs).toISOString()
          const record = {
            id: crypto.randomUUID(),
            tokenHash,
            userId: user.id,
            createdAt: now,
            lastSeenAt: now,
            expiresAt: new Date(nowMs + lifetimeMs).toISOString(),
            userAgent: client.userAgent,
            ip: client.ip,
            label: null,
            revokedAt: null,
            revokedReason: null
          }
          yield* sessions.create(record)
          const session = yield* whileLoading(record.id, user.id, Effect.succeed(liveSessionOf(record, user, nowMs)))
          return { token, session }
        })

      /** G3: a session with no actor (evicted, or from before a restart) is rebuilt from the store. */
      const rebuild = (tokenHash: string, nowMs: number) =>
        Effect.gen(function* () {
          const found = yield* sessions.findByTokenHash(tokenHash)
          if (Option.isNone(found)) return yield* new Unauthenticated()
          const record = found.value
          if (record.revokedReason !== null) {
            return yield* new SessionRevoked({ revokedReason: record.revokedReason })
          }
          const alreadyLive = live.get(record.id)
          if (alreadyLive !== undefined) return alreadyLive
          return yield* whileLoading(
            record.id,
            record.userId,
            Effect.gen(function* () {
              const user = yield* loadUser(record.userId)
              if (user === undefined) return yield* new Unauthenticated()
              return liveSessionOf(record, user, nowMs)
            })
          )
        })

      const touch = (session: LiveSession, nowMs: number) =>
        Effect.suspend(() => {
          session.lastRequestAt = nowMs
          const seenMs = Date.parse(session.snapshot.context.session.lastSeenAt)
          if (nowMs - seenMs < touchGranularityMs) return Effect.void
          const at = new Date(nowMs).toISOString()
          advance(session, { type: "TOUCH", at })
          if (nowMs - session.lastSeenPersistedAt < lastSeenWriteIntervalMs) return Effect.void
          session.lastSeenPersistedAt = nowMs
          return sessions.touch(session.sessionId, at)
        })

      const revokeLive = (sessionId: string, reason: RevokeReason) => {
        const event: SessionEvent = { type: "REVOKE", reason }
        loading.get(sessionId)?.events.push(event)
        const session = live.get(sessionId)
        if (session !== undefined) advance(session, event)
      }

      const revoke = (sessionId: string, reason: RevokeReason) =>
        Effect.gen(function* () {
          const ended = yield* sessions.revoke(
            sessionId,
            reason,
            new Date(yield* Clock.currentTimeMillis).toISOString()
          )
          revokeLive(sessionId, reason)
          return ended
        })

      const authenticate = (token: string) =>
        Effect.gen(function* () {
          const tokenHash = sha256Hex(token)
          const nowMs = yield* Clock.currentTimeMillis
          const knownId = sessionIdByToken.get(tokenHash)
          const session = (knownId === undefined ? undefined : live.get(knownId)) ?? (yield* rebuild(tokenHash, nowMs))
          if (isActive(session.snapshot) && sessionHasExpired(session.snapshot.context.session, nowMs, idleTimeoutMs)) {
            advance(session, { type: "EXPIRE" })
            yield* sessions.revoke(session.sessionId, "expired", new Date(nowMs).toISOString())
          }
          const ended = revokedReason(session.snapshot)
          if (ended !== null) return yield* new SessionRevoked({ revokedReason: ended })
          if (needsReload(session.snapshot)) yield* reloadUser(session.userId)
          yield* touch(session, nowMs)
          return session
        })

      const revokeAllOfUser = (userId: string, reason: RevokeReason, exceptSessionId?: string) =>
        Effect.gen(function* () {
          const at = new Date(yield* Clock.currentTimeMillis).toISOString()
          const ended = yield* sessions.revokeAllOfUser(userId, reason, at, exceptSessionId)
          for (const id of ended) revokeLive(id, reason)
          return ended.length
        })

      const evictWhere = (shouldEvict: (session: LiveSession) => boolean) =>
        Effect.sync(() => {
          let evicted = 0
          for (const session of live.values()) {
            if (!shouldEvict(session) || listeners.has(session.sessionId)) continue
            forget(session)
            evicted++
          }
          return evicted
        })

      const evictIdle = Effect.flatMap(Clock.currentTimeMillis, (nowMs) =>
        evictWhere((session) => nowMs - session.lastRequestAt >= evictionMs)
      )

      // Sweep often enough that an idle actor outlives its eviction time by at most half of it.
      yield* evictIdle.pipe(
        Effect.repeat(Schedule.spaced(Duration.millis(Math.max(1_000, Math.min(evictionMs / 2, 60_000))))),
        Effect.forkScoped
      )

      return SessionManager.of({
        open,
        authenticate,
        dispatch,
        revoke,
        revokeAllOfUser,
        evictIdle,
        evictAll: evictWhere(() => true),
        subscribe: (sessionId, listener) => {
          let set = listeners.get(sessionId)
          if (set === undefined) listeners.set(sessionId, (set = new Set()))
          set.add(listener)
          return () => {
            set.delete(listener)
            if (set.size === 0) listeners.delete(sessionId)
          }
        },
        catchUp: (session, minVersion) =>
          session.snapshot.context.userVersion >= minVersion ? Effect.void : reloadUser(session.userId),
        revoked: (sessionId, reason) => Effect.sync(() => revokeLive(sessionId, reason)),
        resyncAll: Effect.suspend(() =>
          Effect.forEach(
            [...sessionIdsByUser.keys()],
            (userId) =>
              Effect.gen(function* () {
                yield* reloadUser(userId)
                for (const sessionId of sessionIdsByUser.get(userId) ?? []) {
                  const record = Option.getOrUndefined(yield* sessions.findById(sessionId))
                  if (record !== undefined && record.revokedReason !== null) revokeLive(sessionId, record.revokedReason)
                }
              }),
            { discard: true }
          )
        ),
        peek: (sessionId) => live.get(sessionId),
        liveCount: () => live.size
      })
    })
  )
}
