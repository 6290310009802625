import type { ErrorReason, RevokedReason } from "../apiFailure.ts"
import type { Whoami } from "../routerTypes.ts"

// The answer a backend gets about its caller's session. Three outcomes that call for three
// different replies: go on, tell the caller to sign in (and why), or say the check itself could
// not be made, which is never the caller's fault and must not look like a sign-out.

/** Verity says the session is live; `whoami` is the account and session as they are now. */
export type SessionAllowed = {
  readonly status: "allowed"
  readonly whoami: Whoami
  /** The user version Verity answered at (its `x-verity-user-version`). */
  readonly userVersion: number
  /**
   * `x-verity-user-version` and `x-verity-user-id`, to set on this backend's own answer, so a
   * browser that feeds its answers to its `VersionMemory` never goes back to an older state.
   */
  readonly versionHeaders: Readonly<Record<string, string>>
}

/** Verity refused the session: answer the caller `httpStatus`, and have it sign in again. */
export type SessionRefused =
  | {
      readonly status: "refused"
      readonly reason: "SESSION_REVOKED"
      /** Why it ended, e.g. `"passwordChanged"`. */
      readonly revokedReason: RevokedReason
      readonly httpStatus: number
      readonly message: string
    }
  | {
      readonly status: "refused"
      /** `UNAUTHENTICATED` for no or an unknown session; others e.g. `VALIDATION` for a bad version header. */
      readonly reason: Exclude<ErrorReason, "SESSION_REVOKED">
      readonly httpStatus: number
      readonly message: string
    }

/** No answer from Verity (down, unreachable, too slow, or failing itself): the session is unknown. */
export type VerityUnreachable = {
  readonly status: "unreachable"
  /** 503: the caller may retry; it was not signed out. */
  readonly httpStatus: 503
  readonly message: string
  readonly cause: unknown
}

export type SessionCheck = SessionAllowed | SessionRefused | VerityUnreachable
