// Over 200 lines on purpose: a user's sessions across live and dormant ones, the staleness detector and the trail, which share one view of the registry and the store.
/**
 * The inspector's view of one user: who they are as the store says, and every session of theirs
 * with its full machine state, the events it accepts now, which instance holds it live, and
 * whether it is behind the stored user (the staleness detector). Read-only: nothing here sends
 * an event to a session.
 *
 * This instance answers for the sessions it holds from memory; for the others it reads the
 * session trail, which every instance writes (so a session live on another instance shows what
 * that instance last recorded of it, at most a flush interval old).
 */
import { normalizeEmail, SessionNotFound } from "@verity/domain"
import {
  acceptedEvents,
  advanceSession,
  isRevoked,
  type SessionSnapshot,
  sessionStateName
} from "@verity/session-machine"
import {
  type SessionRecord,
  Sessions,
  SessionTrail,
  type SessionTrailRecord,
  type StoreError,
  type UserRecord,
  Users
} from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { liveSessionOf } from "../sessions/live/LiveSession.ts"
import { LiveSessions } from "../sessions/live/SessionRegistry.ts"
import { userVersionAfter } from "../trail/readTrail.ts"
import { SessionTrailRecorder } from "../trail/SessionTrailRecorder.ts"
import type {
  DispatchEntry,
  InspectedMachine,
  InspectedSession,
  InspectedUser,
  RecentChange,
  SessionTrailView,
  UserSessions
} from "./InspectorViews.ts"
import { maskEmail } from "./maskEmail.ts"
import { dispatchEntryOf, maskedContext, maskedEvent, trailEntryOf } from "./trailEntries.ts"

// A user with more sessions than this shows the newest ones and says it left some out.
const sessionListLimit = 200
// The latest changes offered for a fan-out trace.
const recentChangesLimit = 20
// A session's trail as the inspector lists it: at most this many records, the newest.
const trailLimit = 1_000

export const inspectedUser = (user: UserRecord): InspectedUser => ({
  id: user.id,
  email: maskEmail(user.email),
  emailConfirmed: user.emailConfirmed,
  status: user.status,
  createdAt: user.createdAt,
  version: user.version,
  lastChange: user.lastChange
})

export const inspectedMachine = (snapshot: SessionSnapshot): InspectedMachine => ({
  value: snapshot.value,
  stateName: sessionStateName(snapshot),
  status: snapshot.status,
  context: maskedContext(snapshot.context)
})

const recentChangesOf = (dispatches: ReadonlyArray<DispatchEntry>): ReadonlyArray<RecentChange> => {
  const byVersion = new Map<number, { change: RecentChange; dispatches: Array<RecentChange["dispatches"][number]> }>()
  for (const dispatch of dispatches) {
    let entry = byVersion.get(dispatch.userVersion)
    if (entry === undefined) {
      const collected: Array<RecentChange["dispatches"][number]> = []
      entry = {
        change: {
          version: dispatch.userVersion,
          cause: dispatch.cause,
          committedAt: dispatch.committedAt,
          dispatches: collected
        },
        dispatches: collected
      }
      byVersion.set(dispatch.userVersion, entry)
    }
    entry.dispatches.push({ instanceId: dispatch.instanceId, reached: dispatch.reachedSessionIds.length })
  }
  return [...byVersion.values()].map(({ change }) => change).toSorted((a, b) => b.version - a.version)
}

export class SessionInspection extends Context.Service<
  SessionInspection,
  {
    /** By email (any spelling of it) when the query has an `@`, else by id. */
    findUser(query: string): Effect.Effect<Option.Option<InspectedUser>, StoreError>
    userById(userId: string): Effect.Effect<Option.Option<InspectedUser>, StoreError>
    sessionsOf(userId: string): Effect.Effect<Option.Option<UserSessions>, StoreError>
    trailOf(sessionId: string): Effect.Effect<SessionTrailView, SessionNotFound | StoreError>
  }
>()("@verity/api/inspector/SessionInspection") {
  static readonly layer = Layer.effect(
    SessionInspection,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const sessions = yield* Sessions
      const trail = yield* SessionTrail
      const registry = yield* LiveSessions
      const recorder = yield* SessionTrailRecorder
      const idleTimeoutMs = Duration.toMillis(config.sessionIdleTimeout)

      const findUser = (query: string) =>
        Effect.map(
          query.includes("@") ? users.findByEmail(normalizeEmail(query)) : users.findById(query.trim()),
          Option.map(inspectedUser)
        )

      const inspect = (
        record: SessionRecord,
        user: UserRecord,
        latest: SessionTrailRecord | undefined,
        nowMs: number
      ): InspectedSession => {
        const live = registry.get(record.id)
        const ended = record.revokedReason !== null
        const heldElsewhere =
          live === undefined &&
          latest !== undefined &&
          latest.instanceId !== config.instanceId &&
          latest.kind !== "evicted"
        const snapshot =
          live?.snapshot ??
          // As a rebuild now would make it: from the store, with the clock's verdict on expiry.
          advanceSession(liveSessionOf(record, user, idleTimeoutMs, nowMs).snapshot, {
            type: "TICK",
            at: new Date(nowMs).toISOString()
          }).snapshot
        const heldVersion =
          live !== undefined
            ? live.snapshot.context.userVersion
            : heldElsewhere && latest !== undefined
              ? userVersionAfter(latest)
              : null
        return {
          id: record.id,
          createdAt: record.createdAt,
          expiresAt: record.expiresAt,
          device: { userAgent: record.userAgent, ip: record.ip },
          revokedAt: record.revokedAt,
          revokedReason: record.revokedReason,
          heldBy:
            live !== undefined
              ? { instanceId: config.instanceId, thisInstance: true }
              : heldElsewhere && latest !== undefined
                ? { instanceId: latest.instanceId, thisInstance: false }
                : null,
          machine: { ...inspectedMachine(snapshot), source: live === undefined ? "store" : "live" },
          accepts: acceptedEvents(snapshot, nowMs).map(({ event, accepted }) => ({
            event: maskedEvent(event),
            accepted
          })),
          heldVersion,
          behind: !ended && !isRevoked(snapshot) && heldVersion !== null && heldVersion < user.version,
          lastEvent: latest === undefined ? null : trailEntryOf(latest)
        }
      }

      const sessionsOf = Effect.fn("SessionInspection.sessionsOf")(function* (userId: string) {
        // This instance's latest steps are in the store before the trail is read.
        yield* recorder.flush
        // The user is read before the live sessions: a live session is then never older than
        // what was read unless it really missed a change.
        const user = Option.getOrUndefined(yield* users.findById(userId))
        if (user === undefined) return Option.none()
        const records = yield* sessions.listRecentByUser(userId, sessionListLimit + 1)
        const listed = records.slice(0, sessionListLimit)
        const latest = new Map(
          (yield* trail.latestOfSessions(listed.map((record) => record.id))).map((record) => [record.sessionId, record])
        )
        const dispatches = yield* trail.ofUser(userId, { limit: recentChangesLimit * 4, kinds: ["dispatched"] })
        const nowMs = yield* Clock.currentTimeMillis
        const inspected = listed.map((record) => inspect(record, user, latest.get(record.id), nowMs))
        return Option.some<UserSessions>({
          user: inspectedUser(user),
          instanceId: config.instanceId,
          checkedAt: new Date(nowMs).toISOString(),
          sessions: inspected,
          truncated: records.length > sessionListLimit,
          behindCount: inspected.filter((session) => session.behind).length,
          recentChanges: recentChangesOf(
            dispatches.flatMap((record) => (record.kind === "dispatched" ? [dispatchEntryOf(record)] : []))
          ).slice(0, recentChangesLimit)
        })
      })

      const trailOf = Effect.fn("SessionInspection.trailOf")(function* (sessionId: string) {
        yield* recorder.flush
        const session = Option.getOrUndefined(yield* sessions.findById(sessionId))
        if (session === undefined) return yield* new SessionNotFound()
        const records = yield* trail.ofSession(sessionId, trailLimit)
        return {
          sessionId,
          userId: session.userId,
          entries: records.flatMap((record) => {
            const entry = trailEntryOf(record)
            return entry === null ? [] : [entry]
          })
        }
      })

      return SessionInspection.of({
        findUser,
        userById: (userId) => Effect.map(users.findById(userId), Option.map(inspectedUser)),
        sessionsOf,
        trailOf
      })
    })
  )
}
