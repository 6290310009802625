import { Schema } from "effect"

/** Why a session ended. Once a session has one of these it can never be active again (G4). */
export const RevokeReason = Schema.Literals([
  "signedOut",
  "revokedByUser",
  "passwordChanged",
  "passwordReset",
  "suspended",
  "expired"
])
export type RevokeReason = typeof RevokeReason.Type

/** One row of `session.list`: what a user needs to recognise a device and decide to revoke it. */
export const SessionView = Schema.Struct({
  id: Schema.String,
  current: Schema.Boolean,
  state: Schema.String,
  createdAt: Schema.String,
  lastSeenAt: Schema.String,
  expiresAt: Schema.String,
  userAgent: Schema.NullOr(Schema.String),
  ip: Schema.NullOr(Schema.String)
})
export type SessionView = typeof SessionView.Type
