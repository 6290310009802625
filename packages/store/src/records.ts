import type { RevokeReason, UserChangeCause, UserStatus } from "@verity/domain"

// What the store keeps. Times are ISO-8601 UTC strings (`Date#toISOString`), which sort the same
// as the instants they name, so adapters can compare them as plain strings.

/** What the last write of a user was, so the change feed can carry the real cause to other instances. */
export type UserChangeStamp = {
  readonly cause: UserChangeCause
  readonly at: string
}

export type UserRecord = {
  readonly id: string
  /** Normalised (trimmed, lower-case); unique. */
  readonly email: string
  readonly emailConfirmed: boolean
  readonly status: UserStatus
  readonly passwordHash: string
  readonly createdAt: string
  /** Bumped by one on every change; session actors use it to ignore stale or repeated events. */
  readonly version: number
  /** Stamped by every write through `UserWrites`; null on a user never changed since sign-up. */
  readonly lastChange: UserChangeStamp | null
}

/** A user as sign-up creates it; the store gives the version and the stamp. */
export type NewUserRecord = Omit<UserRecord, "version" | "lastChange">

export type SessionRecord = {
  readonly id: string
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. Unique. */
  readonly tokenHash: string
  readonly userId: string
  readonly createdAt: string
  readonly lastSeenAt: string
  /** The absolute end of the session, whatever its activity. */
  readonly expiresAt: string
  readonly userAgent: string | null
  readonly ip: string | null
  readonly revokedAt: string | null
  readonly revokedReason: RevokeReason | null
}

export type OneTimeTokenPurpose = "verifyEmail" | "resetPassword"

export type OneTimeTokenRecord = {
  readonly id: string
  readonly purpose: OneTimeTokenPurpose
  readonly userId: string
  /** The address the token was sent to; it only works while that is still the user's address. */
  readonly email: string
  /** SHA-256 (hex) of the link token. Unique. */
  readonly linkHash: string
  /** SHA-256 (hex) of the short code, when the email carried one. */
  readonly codeHash: string | null
  readonly createdAt: string
  readonly linkExpiresAt: string
  readonly codeExpiresAt: string | null
  readonly codeAttempts: number
  /** Set when used, replaced by a newer token, or burnt by too many wrong codes. */
  readonly consumedAt: string | null
}

export type OutgoingMail = {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
  readonly replyTo?: string
}

export type OutboxRecord = {
  readonly id: string
  readonly mail: OutgoingMail
  readonly createdAt: string
  readonly attempts: number
  readonly nextAttemptAt: string
  readonly sentAt: string | null
  /** Set when delivery was given up (a permanent rejection, or too many attempts). */
  readonly failedAt: string | null
  readonly lastError: string | null
  /** The request that queued it, so the worker's log lines about it can name that request. */
  readonly requestId: string | null
}

export type ContactMessageRecord = {
  /** Shown to the user as the ticket id. */
  readonly id: string
  readonly userId: string
  readonly email: string
  readonly subject: string
  readonly message: string
  readonly createdAt: string
}
