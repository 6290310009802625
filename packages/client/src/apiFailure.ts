import { isTRPCClientError, type TRPCClientError } from "@trpc/client"
import type { AppRouter } from "./appRouter.ts"

/** What the API says about a failed call: `reason` is machine-readable, `message` is for people. */
export type ApiFailure = NonNullable<TRPCClientError<AppRouter>["data"]> & { readonly message: string }

/** Every `data.reason` the API answers with, e.g. `"SESSION_REVOKED"`. */
export type ErrorReason = ApiFailure["reason"]

/** Why a session ended, on a `SESSION_REVOKED` failure (`data.revokedReason`). */
export type RevokedReason = NonNullable<ApiFailure["revokedReason"]>

/** The API's answer inside a failed call, or null when there was none (offline, server down). */
export const apiFailureOf = (error: unknown): ApiFailure | null => {
  if (!isTRPCClientError<AppRouter>(error) || error.data === undefined || error.data === null) return null
  return { ...error.data, message: error.message }
}
