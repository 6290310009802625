// Over 200 lines on purpose: every record the ports exchange, side by side, as both adapters store them.
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

/** JSON as the session trail keeps it: the store writes what the API recorded and reads it back unchanged. */
export type TrailJson =
  | null
  | boolean
  | number
  | string
  | ReadonlyArray<TrailJson>
  | { readonly [key: string]: TrailJson }

/** Fields every trail record has. */
type TrailRecordFields = {
  /** Unique. */
  readonly id: string
  readonly userId: string
  /** When it happened (ISO-8601), by the clock of the instance that recorded it. */
  readonly at: string
  /** Orders the records one instance made in the same millisecond (a counter of that instance). */
  readonly seq: number
  /** The API process that recorded it (its INSTANCE_ID). */
  readonly instanceId: string
  /** The HTTP request it happened in; null for the change feed, a timer, or eviction. */
  readonly requestId: string | null
  /** After this it may be deleted (the retention, AUDIT_RETENTION, from `at`). */
  readonly expiresAt: string
}

/** A session made live on an instance, with the snapshot it started from (where a replay starts). */
export type SessionStartedRecord = TrailRecordFields & {
  readonly kind: "started"
  readonly sessionId: string
  /** At sign-in, or rebuilt from the store after it was dormant (evicted, or before a restart). */
  readonly how: "opened" | "rebuilt"
  /** The machine's state value and context as it started. */
  readonly state: TrailJson
  readonly context: TrailJson
  readonly userVersion: number
}

/**
 * One machine step of a session: the event exactly as it was sent and the state before and
 * after. `touched` is a step of a TOUCH that only moved `lastSeenAt`; those are recorded at most
 * once a minute per session, so a busy session does not flood its trail, and bounded apart from
 * the rest. Each step carries the context it started from, so a replay can start at any step.
 */
export type SessionSteppedRecord = TrailRecordFields & {
  readonly kind: "stepped" | "touched"
  readonly sessionId: string
  readonly event: TrailJson
  /** Why: the change's cause (USER_CHANGED), the revocation's reason (REVOKE, expiry), or null. */
  readonly cause: UserChangeCause | RevokeReason | null
  readonly stateBefore: TrailJson
  readonly stateAfter: TrailJson
  readonly userVersionBefore: number
  readonly userVersionAfter: number
  readonly contextBefore: TrailJson
}

/** A session that left an instance's memory (it stays valid in the store). */
export type SessionEvictedRecord = TrailRecordFields & {
  readonly kind: "evicted"
  readonly sessionId: string
  readonly state: TrailJson
  readonly userVersion: number
}

/** One user change delivered to the live sessions of its user on one instance. */
export type UserChangeDispatchedRecord = TrailRecordFields & {
  readonly kind: "dispatched"
  readonly sessionId: null
  readonly userVersion: number
  readonly cause: UserChangeCause
  /** The change's commit time (its stamp); null when the writer left none. */
  readonly committedAt: string | null
  /** The live sessions it reached on that instance, in the order it reached them. */
  readonly reachedSessionIds: ReadonlyArray<string>
  readonly durationMs: number
}

/**
 * The session trail: what happened to each session, on which instance, in which request, and
 * each user change's fan-out. Written in batches by the API, read by the inspector and by the
 * user's own sessions page.
 */
export type SessionTrailRecord =
  | SessionStartedRecord
  | SessionSteppedRecord
  | SessionEvictedRecord
  | UserChangeDispatchedRecord

export type SessionTrailKind = SessionTrailRecord["kind"]

/**
 * An operator signed in to the inspector: the cookie's token is stored only as its SHA-256, so
 * the access can be ended (sign-out) and a leaked database row opens nothing.
 */
export type InspectorAccessRecord = {
  readonly id: string
  readonly tokenHash: string
  readonly createdAt: string
  readonly expiresAt: string
  readonly endedAt: string | null
  /** Who: there is one operator token, so the client's address and user agent say which device. */
  readonly ip: string | null
  readonly userAgent: string | null
}

/** What an operator did in the inspector that the audit log keeps. */
export type InspectorAuditAction = "signedIn" | "signedOut" | "emailRevealed"

export type InspectorAuditRecord = {
  readonly id: string
  readonly at: string
  readonly action: InspectorAuditAction
  readonly accessId: string
  readonly ip: string | null
  readonly userAgent: string | null
  /** The user whose address was revealed; null for other actions. */
  readonly subjectUserId: string | null
  /** After this it may be deleted (AUDIT_RETENTION from `at`). */
  readonly expiresAt: string
}
