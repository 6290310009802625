import type { RevokeReason, SessionUser } from "./sessionContext.ts"

/** What happened to the user; carried so logs and the visualizer can say why. */
export type UserChangeCause =
  | "emailConfirmed"
  | "emailChanged"
  | "passwordChanged"
  | "passwordReset"
  | "suspended"
  | "unsuspended"
  | "sync"

/** One committed change of the user, at the version the store gave it. */
export type UserChangedEvent = {
  readonly type: "USER_CHANGED"
  readonly user: SessionUser
  readonly version: number
  readonly cause: UserChangeCause
}

/** The user as just read from the store, which is the source of truth. */
export type SyncEvent = {
  readonly type: "SYNC"
  readonly user: SessionUser
  readonly version: number
}

export type TouchEvent = { readonly type: "TOUCH"; readonly at: string }

export type RevokeEvent = { readonly type: "REVOKE"; readonly reason: RevokeReason }

export type ExpireEvent = { readonly type: "EXPIRE" }

export type SessionEvent = UserChangedEvent | SyncEvent | TouchEvent | RevokeEvent | ExpireEvent
