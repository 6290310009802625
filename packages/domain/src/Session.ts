import { Schema } from "effect"

/** Why a session ended. Once a session has one of these it can never be active again (G4). */
export const RevokeReason = Schema.Literals([
  "signedOut",
  "revokedByUser",
  "passwordChanged",
  "passwordReset",
  "suspended",
  "expired",
  /** The owner of the account's previous address took it back after an email change ("this wasn't me"). */
  "accountRecovered",
  /** The owner of the address said they never created this unconfirmed account, and it was deleted. */
  "accountDeleted"
])
export type RevokeReason = typeof RevokeReason.Type

/**
 * The public name of a session's state (`Whoami.session.state`, `SessionView.state`), derived
 * from the session machine's state; clients may rely on these three values.
 */
export const SessionStateName = Schema.Literals(["active.unverified", "active.verified", "revoked"])
export type SessionStateName = typeof SessionStateName.Type

/** One row of `session.list`: what a user needs to recognise a device and decide to revoke it. */
export const SessionView = Schema.Struct({
  id: Schema.String,
  current: Schema.Boolean,
  state: SessionStateName,
  createdAt: Schema.String,
  lastSeenAt: Schema.String,
  expiresAt: Schema.String,
  userAgent: Schema.NullOr(Schema.String),
  ip: Schema.NullOr(Schema.String)
})
export type SessionView = typeof SessionView.Type
