import type { DomainError } from "@verity/domain"
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server"

/** The stable, machine-readable `data.reason` values of the API contract. */
export type ErrorReason =
  | "VALIDATION"
  | "INVALID_CREDENTIALS"
  | "EMAIL_TAKEN"
  | "EMAIL_NOT_CONFIRMED"
  | "TOKEN_INVALID"
  | "TOKEN_EXPIRED"
  | "CODE_INVALID"
  | "TOO_MANY_ATTEMPTS"
  | "RATE_LIMITED"
  | "SESSION_REVOKED"
  | "UNAUTHENTICATED"
  | "WEAK_PASSWORD"
  | "ACCOUNT_SUSPENDED"
  | "CROSS_SITE_REQUEST"
  | "TOO_MANY_STREAMS"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "STORE_UNAVAILABLE"
  | "INTERNAL"

/** The one place where domain failures become HTTP statuses and reasons. */
export const domainErrorStatus: {
  readonly [Tag in DomainError["_tag"]]: { readonly code: TRPC_ERROR_CODE_KEY; readonly reason: ErrorReason }
} = {
  ValidationFailed: { code: "BAD_REQUEST", reason: "VALIDATION" },
  InvalidCredentials: { code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" },
  EmailTaken: { code: "CONFLICT", reason: "EMAIL_TAKEN" },
  EmailNotConfirmed: { code: "FORBIDDEN", reason: "EMAIL_NOT_CONFIRMED" },
  TokenInvalid: { code: "BAD_REQUEST", reason: "TOKEN_INVALID" },
  TokenExpired: { code: "BAD_REQUEST", reason: "TOKEN_EXPIRED" },
  CodeInvalid: { code: "BAD_REQUEST", reason: "CODE_INVALID" },
  TooManyAttempts: { code: "TOO_MANY_REQUESTS", reason: "TOO_MANY_ATTEMPTS" },
  RateLimited: { code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" },
  SessionRevoked: { code: "UNAUTHORIZED", reason: "SESSION_REVOKED" },
  Unauthenticated: { code: "UNAUTHORIZED", reason: "UNAUTHENTICATED" },
  WeakPassword: { code: "BAD_REQUEST", reason: "WEAK_PASSWORD" },
  AccountSuspended: { code: "FORBIDDEN", reason: "ACCOUNT_SUSPENDED" },
  SessionNotFound: { code: "NOT_FOUND", reason: "NOT_FOUND" },
  CrossSiteRequest: { code: "FORBIDDEN", reason: "CROSS_SITE_REQUEST" },
  TooManyStreams: { code: "TOO_MANY_REQUESTS", reason: "TOO_MANY_STREAMS" },
  OperatorTokenRefused: { code: "FORBIDDEN", reason: "FORBIDDEN" },
  // 503: the request was fine and may be retried; 500 would say the server is broken.
  StoreUnavailable: { code: "SERVICE_UNAVAILABLE", reason: "STORE_UNAVAILABLE" }
}

/** Reasons for failures that tRPC itself raises (bad JSON, failed input validation, unknown path). */
export const reasonForTrpcCode = (code: TRPC_ERROR_CODE_KEY): ErrorReason => {
  switch (code) {
    case "PARSE_ERROR":
    case "BAD_REQUEST":
    case "PAYLOAD_TOO_LARGE":
    case "UNSUPPORTED_MEDIA_TYPE":
    case "METHOD_NOT_SUPPORTED":
    // A request that did not arrive whole in time (HTTP_REQUEST_TIMEOUT) is unusable input too.
    case "TIMEOUT":
      return "VALIDATION"
    case "UNAUTHORIZED":
      return "UNAUTHENTICATED"
    case "FORBIDDEN":
      return "FORBIDDEN"
    case "NOT_FOUND":
      return "NOT_FOUND"
    case "TOO_MANY_REQUESTS":
      return "RATE_LIMITED"
    default:
      return "INTERNAL"
  }
}
