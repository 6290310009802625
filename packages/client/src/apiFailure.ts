import { isTRPCClientError, type TRPCClientError } from "@trpc/client"
import type { AppRouter } from "@verity/api"

/** What the API says about a failed call: `reason` is machine-readable, `message` is for people. */
export type ApiFailure = NonNullable<TRPCClientError<AppRouter>["data"]> & { readonly message: string }

export type ErrorReason = ApiFailure["reason"]

/** The API's answer inside a failed call, or null when there was none (offline, server down). */
export const apiFailureOf = (error: unknown): ApiFailure | null => {
  if (!isTRPCClientError<AppRouter>(error) || error.data === undefined || error.data === null) return null
  return { ...error.data, message: error.message }
}
