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
  /** The device that signed up, shown to whoever opens the first confirmation link; null before it was kept. */
  readonly createdFrom: ClientOrigin | null
  /**
   * Whether any address of this account was ever confirmed. An account that never proved an
   * address can be deleted by the owner of the address it claims ("this wasn't me").
   */
  readonly everConfirmed: boolean
  /** Bumped by one on every change; session actors use it to ignore stale or repeated events. */
  readonly version: number
  /** Stamped by every write through `UserWrites`; null on a user never changed since sign-up. */
  readonly lastChange: UserChangeStamp | null
}

/** Where a request came from, as far as the server can tell. */
export type ClientOrigin = {
  readonly userAgent: string | null
  readonly ip: string | null
}

/** A user as sign-up creates it; the store gives the version, the stamp and `everConfirmed` (from `emailConfirmed`). */
export type NewUserRecord = Omit<UserRecord, "version" | "lastChange" | "everConfirmed">

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

/**
 * `undoEmailChange` is the "this wasn't me" link of an email-change notice: it outlives later
 * changes of the account (a hijacker's email or password changes must not void it).
 */
export type OneTimeTokenPurpose = "verifyEmail" | "resetPassword" | "undoEmailChange"

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
  /** Set when used, voided (a password or address change, a newer code), or burnt by too many wrong codes. */
  readonly consumedAt: string | null
}

export type OutgoingMail = {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
  /**
   * The link tokens and codes the text and HTML carry. Kept only until the message is settled
   * (delivered or given up): then the outbox keeps the message without them.
   */
  readonly secrets?: ReadonlyArray<string>
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
