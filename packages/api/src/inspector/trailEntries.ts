/**
 * The session trail as the inspector shows it: every field of each record, typed, with the
 * user's address masked wherever it appears (in contexts and in the events that carry a user).
 */
import type { SessionContext, SessionEvent } from "@verity/session-machine"
import type { SessionTrailRecord, UserChangeDispatchedRecord } from "@verity/store"
import { eventOf, stateValueOf } from "../trail/readTrail.ts"
import type { DispatchEntry, TrailEntry } from "./InspectorViews.ts"
import { maskEmail } from "./maskEmail.ts"

/** The context with the user's address masked. */
export const maskedContext = (context: SessionContext): SessionContext => ({
  ...context,
  user: { ...context.user, email: maskEmail(context.user.email) }
})

/** The event with the address it carries (a user change or reload) masked. */
export const maskedEvent = (event: SessionEvent): SessionEvent =>
  event.type === "USER_CHANGED" || event.type === "USER_RELOADED"
    ? { ...event, user: { ...event.user, email: maskEmail(event.user.email) } }
    : event

type EntryFields = Pick<TrailEntry, "id" | "sessionId" | "at" | "instanceId" | "requestId">

export const dispatchEntryOf = (record: UserChangeDispatchedRecord): DispatchEntry => ({
  id: record.id,
  at: record.at,
  instanceId: record.instanceId,
  requestId: record.requestId,
  userVersion: record.userVersion,
  cause: record.cause,
  committedAt: record.committedAt,
  reachedSessionIds: record.reachedSessionIds,
  durationMs: record.durationMs
})

/** A session record as an entry; null for a dispatch record, which belongs to no session. */
export const trailEntryOf = (record: SessionTrailRecord): TrailEntry | null => {
  if (record.kind === "dispatched") return null
  const fields: EntryFields = {
    id: record.id,
    sessionId: record.sessionId,
    at: record.at,
    instanceId: record.instanceId,
    requestId: record.requestId
  }
  switch (record.kind) {
    case "started":
      return {
        ...fields,
        kind: "started",
        how: record.how,
        state: stateValueOf(record.state),
        userVersion: record.userVersion
      }
    case "stepped":
    case "touched":
      return {
        ...fields,
        kind: record.kind,
        event: maskedEvent(eventOf(record.event)),
        cause: record.cause,
        stateBefore: stateValueOf(record.stateBefore),
        stateAfter: stateValueOf(record.stateAfter),
        userVersionBefore: record.userVersionBefore,
        userVersionAfter: record.userVersionAfter
      }
    case "evicted":
      return {
        ...fields,
        kind: "evicted",
        state: stateValueOf(record.state),
        userVersion: record.userVersion
      }
  }
}
