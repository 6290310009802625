/**
 * What the session trail keeps of each SessionActivity event, in two stages. On the hot path, a
 * listener only *notes* an event: a small object holding references to what the manager already
 * made (the session, the event, the snapshots), with the time; building the records the store
 * keeps (ids, ISO times, JSON-ready fields) waits for the background flush. Both stages live
 * here, so the recorder (store) and the inspector's live feed (this instance) make the same
 * records from the same events.
 */
import type { UserChange } from "@verity/domain"
import { isActive, revokedReason, type SessionEvent, type SessionSnapshot } from "@verity/session-machine"
import type { SessionTrailRecord } from "@verity/store"
import type { SessionActivityEvent } from "../sessions/activity/SessionActivity.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"

type Noted<Fields> = Fields & {
  /** When it happened, by this instance's clock (epoch ms). */
  readonly atMs: number
  readonly requestId: string | null
}

export type NotedActivity =
  | Noted<{
      readonly kind: "started"
      readonly how: "opened" | "rebuilt"
      readonly session: LiveSession
      readonly snapshot: SessionSnapshot
    }>
  | Noted<{
      readonly kind: "stepped" | "touched"
      readonly session: LiveSession
      readonly event: SessionEvent
      readonly before: SessionSnapshot
      readonly after: SessionSnapshot
    }>
  | Noted<{ readonly kind: "evicted"; readonly sessions: ReadonlyArray<LiveSession> }>
  | Noted<{
      readonly kind: "dispatched"
      readonly change: UserChange
      readonly sessionIds: ReadonlyArray<string>
      readonly durationMs: number
    }>

// A TOUCH that only moves `lastSeenAt` is noted when it enters a new minute: a busy session
// touches once a second, and a trail of those would bury what matters. The ones folded away are
// no loss to a replay: each step keeps the context it started from, whose `lastSeenAt` is the
// last folded touch's time.
const touchGranularityMs = 60_000

const enteredNewMinute = (before: SessionSnapshot, at: string): boolean =>
  Math.floor(Date.parse(before.context.session.lastSeenAt) / touchGranularityMs) !==
  Math.floor(Date.parse(at) / touchGranularityMs)

/** How many records a noted event makes (eviction makes one per session). */
export const recordCountOf = (noted: NotedActivity): number => (noted.kind === "evicted" ? noted.sessions.length : 1)

/**
 * The note for one SessionActivity event, or null when the trail keeps nothing of it (a touch
 * folded into its minute). Cheap on purpose: it runs inside every step of every session.
 */
export const noteActivity = (event: SessionActivityEvent, atMs: number): NotedActivity | null => {
  switch (event._tag) {
    case "Stepped": {
      const { session, event: sent, before, after, origin } = event
      const touchOnly = sent.type === "TOUCH" && isActive(after)
      if (touchOnly && !enteredNewMinute(before, sent.at)) return null
      return {
        kind: touchOnly ? "touched" : "stepped",
        session,
        event: sent,
        before,
        after,
        atMs,
        requestId: origin.requestId
      }
    }
    case "Opened":
    case "Rebuilt":
      return {
        kind: "started",
        how: event._tag === "Opened" ? "opened" : "rebuilt",
        session: event.session,
        snapshot: event.session.snapshot,
        atMs,
        requestId: event.origin.requestId
      }
    case "Evicted":
      return { kind: "evicted", sessions: event.sessions, atMs, requestId: null }
    case "Dispatched":
      return {
        kind: "dispatched",
        change: event.change,
        sessionIds: event.sessionIds,
        durationMs: event.durationMs,
        atMs,
        requestId: event.origin.requestId
      }
  }
}

/** Why a step happened, as the trail says it: the change's cause, or why the session ended. */
const causeOf = (event: SessionEvent, after: SessionSnapshot) =>
  event.type === "USER_CHANGED" ? event.cause : revokedReason(after)

export type RecordStamp = {
  readonly instanceId: string
  /** How long records are kept (AUDIT_RETENTION). */
  readonly retentionMs: number
  /** The next value of this instance's record counter. */
  readonly nextSeq: () => number
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The records the store keeps for a note (XState's values and contexts are plain JSON). */
export const recordsOf = (noted: NotedActivity, stamp: RecordStamp): ReadonlyArray<SessionTrailRecord> => {
  const common = () => ({
    id: crypto.randomUUID(),
    at: iso(noted.atMs),
    seq: stamp.nextSeq(),
    instanceId: stamp.instanceId,
    requestId: noted.requestId,
    expiresAt: iso(noted.atMs + stamp.retentionMs)
  })
  switch (noted.kind) {
    case "started":
      return [
        {
          ...common(),
          kind: "started",
          userId: noted.session.userId,
          sessionId: noted.session.sessionId,
          how: noted.how,
          state: noted.snapshot.value,
          context: noted.snapshot.context,
          userVersion: noted.snapshot.context.userVersion
        }
      ]
    case "stepped":
    case "touched":
      return [
        {
          ...common(),
          kind: noted.kind,
          userId: noted.session.userId,
          sessionId: noted.session.sessionId,
          event: noted.event,
          cause: causeOf(noted.event, noted.after),
          stateBefore: noted.before.value,
          stateAfter: noted.after.value,
          userVersionBefore: noted.before.context.userVersion,
          userVersionAfter: noted.after.context.userVersion,
          contextBefore: noted.before.context
        }
      ]
    case "evicted":
      return noted.sessions.map((session) => ({
        ...common(),
        kind: "evicted" as const,
        userId: session.userId,
        sessionId: session.sessionId,
        state: session.snapshot.value,
        userVersion: session.snapshot.context.userVersion
      }))
    case "dispatched":
      return [
        {
          ...common(),
          kind: "dispatched",
          userId: noted.change.user.id,
          sessionId: null,
          userVersion: noted.change.version,
          cause: noted.change.cause,
          committedAt: noted.change.committedAt,
          reachedSessionIds: noted.sessionIds,
          durationMs: noted.durationMs
        }
      ]
  }
}
