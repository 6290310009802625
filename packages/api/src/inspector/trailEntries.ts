/**
 * The session trail as the inspector shows it: every field of each record, typed, with the
 * user's address masked wherever it appears (in contexts and in the events that carry a user).
 */
import type { RevokeReason, UserChangeCause } from "@verity/domain"
import type { SessionContext, SessionEvent } from "@verity/session-machine"
import type { SessionTrailRecord, UserChangeDispatchedRecord } from "@verity/store"
import { eventOf, type SessionStateValue, stateValueOf } from "../trail/readTrail.ts"
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

type EntryFields = {
  readonly id: string
  readonly sessionId: string
  readonly at: string
  readonly instanceId: string
  readonly requestId: string | null
}

/** One record of a session's trail, as the inspector shows it (addresses masked). */
export type TrailEntry =
  | (EntryFields & {
      readonly kind: "started"
      readonly how: "opened" | "rebuilt"
      readonly state: SessionStateValue
      readonly userVersion: number
    })
  | (EntryFields & {
      readonly kind: "stepped" | "touched"
      readonly event: SessionEvent
      readonly cause: UserChangeCause | RevokeReason | null
      readonly stateBefore: SessionStateValue
      readonly stateAfter: SessionStateValue
      readonly userVersionBefore: number
      readonly userVersionAfter: number
    })
  | (EntryFields & {
      readonly kind: "evicted"
      readonly state: SessionStateValue
      readonly userVersion: number
    })

/** One instance's delivery of a user change to the live sessions it held. */
export type DispatchEntry = {
  readonly id: string
  readonly at: string
  readonly instanceId: string
  readonly requestId: string | null
  readonly userVersion: number
  readonly cause: UserChangeCause
  readonly committedAt: string | null
  readonly reachedSessionIds: ReadonlyArray<string>
  readonly durationMs: number
}

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
