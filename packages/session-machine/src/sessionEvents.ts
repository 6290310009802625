import type { RevokeReason, UserChangeCause } from "@verity/domain"
import type { SessionUser } from "./sessionContext.ts"

/** One committed change of the user, at the version the store gave it. */
export type UserChangedEvent = {
  readonly type: "USER_CHANGED"
  readonly user: SessionUser
  readonly version: number
  readonly cause: UserChangeCause
}

/** The user as just read from the store (the source of truth), after the session asked for it. */
export type UserReloadedEvent = {
  readonly type: "USER_RELOADED"
  readonly user: SessionUser
  readonly version: number
}

/** A request used the session at `at` (ISO-8601): it ends the session if that is too late. */
export type TouchEvent = { readonly type: "TOUCH"; readonly at: string }

/** Time passed with no request (a live stream's timer): it ends the session if it is due. */
export type TickEvent = { readonly type: "TICK"; readonly at: string }

/** Someone ended the session, and has already written that down in the store. */
export type RevokeEvent = { readonly type: "REVOKE"; readonly reason: RevokeReason }

export type SessionEvent = UserChangedEvent | UserReloadedEvent | TouchEvent | TickEvent | RevokeEvent
