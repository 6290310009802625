/**
 * Reading the session trail back: the store keeps JSON, and these give it back as the typed
 * values this API recorded it from (trail/notedActivity.ts), as the store's adapters do with
 * their documents.
 */
import type { SessionContext, SessionEvent, SessionSnapshot } from "@verity/session-machine"
import type { SessionTrailRecord, TrailJson } from "@verity/store"

/** The machine's state value: "revoked", or which email and freshness state an active session is in. */
export type SessionStateValue = SessionSnapshot["value"]

export const stateValueOf = (json: TrailJson): SessionStateValue => json as SessionStateValue
export const contextOf = (json: TrailJson): SessionContext => json as unknown as SessionContext
export const eventOf = (json: TrailJson): SessionEvent => json as unknown as SessionEvent

/** The user version a session holds after a record: what it took, started with, or left memory with. */
export const userVersionAfter = (record: SessionTrailRecord): number => {
  switch (record.kind) {
    case "stepped":
    case "touched":
      return record.userVersionAfter
    case "started":
    case "evicted":
    case "dispatched":
      return record.userVersion
  }
}
