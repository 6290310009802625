// Over 200 lines on purpose: the one door to live sessions; its operations share one registry, loader and expiry timer, whose parts already live in sessions/live/.
import {
  type RevokeReason,
  SessionRevoked,
  TooManyStreams,
  type Unauthenticated,
  type UserChange
} from "@verity/domain"
import {
  isActive,
  isStale,
  revokedReason,
  type SessionEffect,
  sessionEndsAt,
  type SessionEvent,
  type SessionSnapshot,
  stepsForUserEvent,
  touchMatters,
  type UserChangedEvent,
  type UserReloadedEvent
} from "@verity/session-machine"
import { Sessions, type StoreError, type UserRecord, Users } from "@verity/store"
import { Cause, Clock, Context, Duration, Effect, Layer, Option, Queue, Stream } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { newOpaqueToken, sha256Hex } from "../security/secrets.ts"
import { currentOrigin, SessionActivity, type StepOrigin } from "./activity/SessionActivity.ts"
import { LastSeenWrites } from "./live/LastSeenWrites.ts"
import { type LiveSession, liveSessionOf } from "./live/LiveSession.ts"
import { type LoadedSession, SessionLoader } from "./live/SessionLoader.ts"
import { LiveSessions } from "./live/SessionRegistry.ts"
import { publicUser } from "./sessionRecords.ts"
import { makeOpenStreams } from "./streams/OpenStreams.ts"

export type ClientInfo = { readonly userAgent: string | null; readonly ip: string | null }

// `lastSeenAt` is noted for the store at most once a minute per session, so reads do not become
// writes; LastSeenWrites writes the notes of every session in one transaction a second.
const lastSeenWriteIntervalMs = 60_000
// A watched session's expiry timer wakes at least this often, so a clock that jumps is noticed.
const longestExpiryWaitMs = 60_000

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Opens, authenticates, changes and ends login sessions: the one door to the live session actors
 * of this process (held by `LiveSessions`, loaded by `SessionLoader`, evicted by
 * `SessionEviction`). Every event reaches an actor through here, and here the effects the
 * session machine asks for are performed (reload the user, write down an expiry).
 */
export class SessionManager extends Context.Service<
  SessionManager,
  {
    /** Stores a new session for a signed-in user and makes it live; answers its bearer token. */
    open(user: UserRecord, client: ClientInfo): Effect.Effect<{ token: string; session: LiveSession }, StoreError>
    /**
     * The live session behind a token, rebuilt from the store when dormant, as of now: a request
     * after its end expires it, and one that missed a change reloads its user first. Costs no
     * store read for a live, current session (`lastSeenAt` is written at most once a minute).
     */
    authenticate(token: string): Effect.Effect<LiveSession, Unauthenticated | SessionRevoked | StoreError>
    /**
     * The session as it is now, for an answer made after a write: the live actor if it is in
     * memory, else rebuilt from the store. Never the object a request captured before the write,
     * which may have been evicted (and so missed the change) meanwhile.
     */
    current(session: LiveSession): Effect.Effect<LiveSession, Unauthenticated | SessionRevoked | StoreError>
    /** Moves every live session of the user to a committed change before the caller answers. O(that user's sessions). */
    dispatch(change: UserChange): Effect.Effect<void, StoreError>
    /** Ends a session for good, in the store and in memory; false when it had already ended. */
    revoke(sessionId: string, reason: RevokeReason): Effect.Effect<boolean, StoreError>
    /** Ends every session of the user but one, in the store and in memory; answers how many. */
    revokeAllOfUser(userId: string, reason: RevokeReason, exceptSessionId?: string): Effect.Effect<number, StoreError>
    /** Ends live sessions whose revocation the store already holds (a committed change, another instance). */
    applyRevocations(sessionIds: ReadonlyArray<string>, reason: RevokeReason): Effect.Effect<void>
    /**
     * Reloads the user of the session from the store when the session holds a version below
     * `minVersion` (the client saw that version on another instance); a no-op when it is current.
     */
    catchUp(session: LiveSession, minVersion: number): Effect.Effect<void, StoreError>
    /** Re-reads every live user and session from the store: after the change feed lost its place. */
    readonly resyncAll: Effect.Effect<void, StoreError>
    /**
     * The session's state now and after every change, until it ends (the last element is then the
     * revoked state). Changes faster than the consumer keep only the latest. While someone
     * watches, the session stays in memory, and it expires on time even with no request. Fails
     * as `current` does when the session ended, or went, before the stream began. Opening one past
     * the caps of OpenStreams.ts ends the oldest of that session or user with TooManyStreams.
     */
    changes(
      session: LiveSession
    ): Stream.Stream<SessionSnapshot, TooManyStreams | Unauthenticated | SessionRevoked | StoreError>
  }
>()("@verity/api/sessions/SessionManager") {
  static readonly layer = Layer.effect(
    SessionManager,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const sessions = yield* Sessions
      const registry = yield* LiveSessions
      const loader = yield* SessionLoader
      const activity = yield* SessionActivity
      const lastSeen = yield* LastSeenWrites
      const lifetimeMs = Duration.toMillis(config.sessionLifetime)
      const idleTimeoutMs = Duration.toMillis(config.sessionIdleTimeout)

      /** Performs what the machine asked for after a step. */
      const perform = (session: LiveSession, effects: ReadonlyArray<SessionEffect>): Effect.Effect<void, StoreError> =>
        effects.length === 0
          ? Effect.void
          : Effect.forEach(
              effects,
              (effect) => {
                switch (effect) {
                  case "reloadUser":
                    return reloadUser(session.userId)
                  case "recordExpiryInStore":
                    return Effect.flatMap(Clock.currentTimeMillis, (nowMs) =>
                      sessions.revoke(session.sessionId, "expired", iso(nowMs))
                    )
                }
              },
              { discard: true }
            )

      const step = (session: LiveSession, event: SessionEvent) =>
        Effect.flatMap(currentOrigin, (origin) => perform(session, registry.advance(session, event, origin)))

      const applyMissed = ({ session, missed }: LoadedSession) =>
        missed.length === 0
          ? Effect.succeed(session)
          : Effect.as(
              Effect.forEach(missed, (event) => step(session, event), { discard: true }),
              session
            )

      /** The store is the source of truth: every live session of the user gets the user as stored. */
      const reloadUser = (userId: string): Effect.Effect<void, StoreError> =>
        Effect.gen(function* () {
          const user = Option.getOrUndefined(yield* users.findById(userId))
          if (user === undefined) return
          const event: UserReloadedEvent = { type: "USER_RELOADED", user: publicUser(user), version: user.version }
          const origin = yield* currentOrigin
          loader.holdForUser(userId, event)
          const stepAll = stepsForUserEvent(event)
          // USER_RELOADED asks for no effect, so there is none to perform.
          for (const session of registry.activeSessionsOf(userId)) registry.advance(session, event, origin, stepAll)
        })

      const dispatch = (change: UserChange) =>
        Effect.flatMap(currentOrigin, (origin) => {
          const started = performance.now()
          const event: UserChangedEvent = {
            type: "USER_CHANGED",
            user: change.user,
            version: change.version,
            cause: change.cause
          }
          loader.holdForUser(change.user.id, event)
          let reload = false
          const reached = registry.activeSessionsOf(change.user.id)
          // One machine step per kind of session among them, not one per session (userEventSteps.ts).
          const stepAll = stepsForUserEvent(event)
          for (const session of reached) {
            // USER_CHANGED can only ask for a reload (a version gap); one reload serves them all.
            reload ||= registry.advance(session, event, origin, stepAll).length > 0
          }
          activity.publish({
            _tag: "Dispatched",
            change,
            sessionIds: reached.map((session) => session.sessionId),
            durationMs: performance.now() - started,
            origin
          })
          return reload ? reloadUser(change.user.id) : Effect.void
        })

      const open = Effect.fn("SessionManager.open")(function* (user: UserRecord, client: ClientInfo) {
        const token = newOpaqueToken()
        const nowMs = yield* Clock.currentTimeMillis
        const record = {
          id: crypto.randomUUID(),
          tokenHash: sha256Hex(token),
          userId: user.id,
          createdAt: iso(nowMs),
          lastSeenAt: iso(nowMs),
          expiresAt: iso(nowMs + lifetimeMs),
          userAgent: client.userAgent,
          ip: client.ip,
          revokedAt: null,
          revokedReason: null
        }
        yield* sessions.create(record)
        const loaded = yield* loader.load(
          record.id,
          user.id,
          Effect.sync(() => liveSessionOf(record, user, idleTimeoutMs, nowMs, registry.anyActiveSessionOf(user.id)))
        )
        activity.publish({ _tag: "Opened", session: loaded.session, origin: yield* currentOrigin })
        return { token, session: yield* applyMissed(loaded) }
      })

      const persistLastSeen = (session: LiveSession, nowMs: number) => {
        if (nowMs - session.lastSeenPersistedAt < lastSeenWriteIntervalMs) return
        session.lastSeenPersistedAt = nowMs
        lastSeen.note(session.sessionId, session.snapshot.context.session.lastSeenAt)
      }

      // Untraced on purpose: this runs on every request, and a traced function's span and call-site
      // capture took a live authenticate + whoami from about 10 µs to 18 µs in this process.
      const authenticate = Effect.fnUntraced(function* (token: string) {
        const nowMs = yield* Clock.currentTimeMillis
        const session = yield* applyMissed(yield* loader.findOrRebuild(sha256Hex(token), nowMs))
        session.lastRequestAt = nowMs
        // Most requests come within the second of the last one, when the machine would take no step
        // (its own guards, asked first); skipping the event saves about half of a live request.
        if (touchMatters(session.snapshot.context, nowMs)) yield* step(session, { type: "TOUCH", at: iso(nowMs) })
        const ended = revokedReason(session.snapshot)
        if (ended !== null) return yield* new SessionRevoked({ revokedReason: ended })
        // A reload that failed earlier left it stale: never answer from what it holds.
        if (isStale(session.snapshot)) yield* reloadUser(session.userId)
        persistLastSeen(session, nowMs)
        return session
      })

      const current = Effect.fn("SessionManager.current")(function* (session: LiveSession) {
        const nowMs = yield* Clock.currentTimeMillis
        return yield* applyMissed(yield* loader.findOrRebuild(session.tokenHash, nowMs))
      })

      const applyRevocation = (sessionId: string, reason: RevokeReason, origin: StepOrigin) => {
        const event: SessionEvent = { type: "REVOKE", reason }
        loader.holdForSession(sessionId, event)
        const session = registry.get(sessionId)
        // REVOKE asks for no effect: whoever revoked has written it down already.
        if (session !== undefined) registry.advance(session, event, origin)
      }

      const applyRevocations = (sessionIds: ReadonlyArray<string>, reason: RevokeReason) =>
        Effect.map(currentOrigin, (origin) => {
          for (const id of sessionIds) applyRevocation(id, reason, origin)
        })

      const revoke = Effect.fn("SessionManager.revoke")(function* (sessionId: string, reason: RevokeReason) {
        const ended = yield* sessions.revoke(sessionId, reason, iso(yield* Clock.currentTimeMillis))
        yield* applyRevocations([sessionId], reason)
        return ended
      })

      const revokeAllOfUser = Effect.fn("SessionManager.revokeAllOfUser")(function* (
        userId: string,
        reason: RevokeReason,
        exceptSessionId?: string
      ) {
        const at = iso(yield* Clock.currentTimeMillis)
        const ended = yield* sessions.revokeAllOfUser(userId, reason, at, exceptSessionId)
        yield* applyRevocations(ended, reason)
        return ended.length
      })

      const resyncAll = Effect.suspend(() =>
        Effect.forEach(
          registry.activeUserIds(),
          (userId) =>
            Effect.gen(function* () {
              yield* reloadUser(userId)
              for (const session of registry.activeSessionsOf(userId)) {
                const record = Option.getOrUndefined(yield* sessions.findById(session.sessionId))
                if (record?.revokedReason) yield* applyRevocations([session.sessionId], record.revokedReason)
              }
            }),
          { discard: true }
        )
      )

      /** Ends a watched session when its time is up, even if no request comes. */
      const expireWhenDue = (session: LiveSession) =>
        Effect.gen(function* () {
          while (isActive(session.snapshot)) {
            const nowMs = yield* Clock.currentTimeMillis
            const waitMs = sessionEndsAt(session.snapshot.context) - nowMs
            if (waitMs > 0) yield* Effect.sleep(Duration.millis(Math.min(waitMs, longestExpiryWaitMs)))
            else yield* step(session, { type: "TICK", at: iso(nowMs) })
          }
        }).pipe(Effect.catchTag("StoreError", (error) => Effect.logError("Could not record a session's expiry", error)))

      const openStreams = makeOpenStreams()

      const changes = (session: LiveSession) =>
        Stream.callback<SessionSnapshot, TooManyStreams | Unauthenticated | SessionRevoked | StoreError>(
          (queue) =>
            Effect.gen(function* () {
              // Watched first, so it cannot leave memory from here on; then the session as it is
              // now: the object the request authenticated may have been evicted since, and no
              // change reaches an evicted object (it would be a stream that never hears anything).
              yield* Effect.acquireRelease(
                Effect.sync(() => registry.watch(session.sessionId, (snapshot) => Queue.offerUnsafe(queue, snapshot))),
                (stopWatching) => Effect.sync(stopWatching)
              )
              yield* Effect.acquireRelease(
                Effect.sync(() =>
                  openStreams.open(session.sessionId, session.userId, () =>
                    Queue.failCauseUnsafe(queue, Cause.fail(new TooManyStreams()))
                  )
                ),
                (closed) => Effect.sync(closed)
              )
              const watched = yield* current(session)
              Queue.offerUnsafe(queue, watched.snapshot)
              yield* Effect.forkScoped(expireWhenDue(watched))
            }),
          // Only the latest state matters to a watcher: a slow one skips what it missed.
          { bufferSize: 1, strategy: "sliding" }
        )

      return SessionManager.of({
        open,
        authenticate,
        current,
        dispatch,
        revoke,
        revokeAllOfUser,
        applyRevocations,
        catchUp: (session, minVersion) =>
          session.snapshot.context.userVersion >= minVersion ? Effect.void : reloadUser(session.userId),
        resyncAll,
        changes
      })
    })
  )
}
