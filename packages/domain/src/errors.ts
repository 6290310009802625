import { Schema } from "effect"
import { RevokeReason } from "./Session.ts"

// Every failure a user can cause. The API maps each tag to an HTTP status and a stable
// `data.reason` in one place (packages/api/src/http/errorReasons.ts); messages are for humans.

export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("ValidationFailed", {
  message: Schema.String
}) {}

export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", {}) {
  override get message() {
    return "The email or password is not right."
  }
}

export class EmailTaken extends Schema.TaggedError<EmailTaken>()("EmailTaken", {}) {
  override get message() {
    return "An account with that email already exists."
  }
}

export class EmailNotConfirmed extends Schema.TaggedError<EmailNotConfirmed>()("EmailNotConfirmed", {}) {
  override get message() {
    return "Confirm your email address first."
  }
}

export class TokenInvalid extends Schema.TaggedError<TokenInvalid>()("TokenInvalid", {}) {
  override get message() {
    return "This link is not valid, or it was already used."
  }
}

export class TokenExpired extends Schema.TaggedError<TokenExpired>()("TokenExpired", {}) {
  override get message() {
    return "This link has expired; ask for a new one."
  }
}

export class CodeInvalid extends Schema.TaggedError<CodeInvalid>()("CodeInvalid", {
  attemptsLeft: Schema.Number
}) {
  override get message() {
    return `That code is not right (${this.attemptsLeft} attempts left).`
  }
}

export class TooManyAttempts extends Schema.TaggedError<TooManyAttempts>()("TooManyAttempts", {}) {
  override get message() {
    return "Too many wrong codes; ask for a new one."
  }
}

export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  retryAfterSeconds: Schema.Number
}) {
  override get message() {
    return `Too many requests; try again in ${this.retryAfterSeconds} s.`
  }
}

export class SessionRevoked extends Schema.TaggedError<SessionRevoked>()("SessionRevoked", {
  revokedReason: RevokeReason
}) {
  override get message() {
    return `This session has ended (${this.revokedReason}); sign in again.`
  }
}

export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {}) {
  override get message() {
    return "Sign in first."
  }
}

export class WeakPassword extends Schema.TaggedError<WeakPassword>()("WeakPassword", {
  message: Schema.String
}) {}

export class AccountSuspended extends Schema.TaggedError<AccountSuspended>()("AccountSuspended", {}) {
  override get message() {
    return "This account is suspended; contact support."
  }
}

/** Also the answer for another user's session: whether it exists is not the caller's business. */
export class SessionNotFound extends Schema.TaggedError<SessionNotFound>()("SessionNotFound", {}) {
  override get message() {
    return "No such session."
  }
}

export class CrossSiteRequest extends Schema.TaggedError<CrossSiteRequest>()("CrossSiteRequest", {}) {
  override get message() {
    return "This request came from another site; cookie-authenticated changes must come from the app's own origin."
  }
}

/**
 * A `session.changes` stream ended because a newer one of the same session or user went past the
 * cap: the client should not reopen it on its own (it would end another), only when it needs it
 * (the tab comes back into view).
 */
export class TooManyStreams extends Schema.TaggedError<TooManyStreams>()("TooManyStreams", {}) {
  override get message() {
    return "Too many open live streams for this session or account; this one, the oldest, was closed."
  }
}

/** Not the operator token (ADMIN_TOKEN), or none, where an operator procedure needs it. */
export class OperatorTokenRefused extends Schema.TaggedError<OperatorTokenRefused>()("OperatorTokenRefused", {}) {
  override get message() {
    return "This needs the operator token (ADMIN_TOKEN)."
  }
}

/**
 * Not caused by the user: the store cannot take the change (a full or read-only disk, a lost
 * database). The request changed nothing and may be retried once the operator has fixed it.
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {}) {
  override get message() {
    return "Verity cannot save or read data right now; nothing was changed. Try again in a moment."
  }
}

/** Every failure a user can cause, as one schema: the API recognises exactly these, and nothing else. */
export const DomainError = Schema.Union([
  ValidationFailed,
  InvalidCredentials,
  EmailTaken,
  EmailNotConfirmed,
  TokenInvalid,
  TokenExpired,
  CodeInvalid,
  TooManyAttempts,
  RateLimited,
  SessionRevoked,
  Unauthenticated,
  WeakPassword,
  AccountSuspended,
  SessionNotFound,
  CrossSiteRequest,
  TooManyStreams,
  OperatorTokenRefused,
  StoreUnavailable
])
export type DomainError = typeof DomainError.Type

export const isDomainError: (value: unknown) => value is DomainError = Schema.is(DomainError)
