import { TRPCClientError } from "@trpc/client"
import type { TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"

let counter = 0
/** A fresh address per test, so tests never share accounts. */
export const uniqueEmail = (label = "user") => `${label}-${Date.now().toString(36)}-${counter++}@example.test`

export const strongPassword = "correct horse battery staple 42"

/** Signs up and answers the new session's bearer token. */
export const signUpWithToken = async (client: TRPCClient<AppRouter>, email: string, password = strongPassword) => {
  const result = await client.auth.signUp.mutate({ email, password, transport: "token" })
  if (result.sessionToken === undefined) throw new Error("signUp with transport token answered no sessionToken")
  return result.sessionToken
}

export const signInWithToken = async (client: TRPCClient<AppRouter>, email: string, password = strongPassword) => {
  const result = await client.auth.signIn.mutate({ email, password, transport: "token" })
  if (result.sessionToken === undefined) throw new Error("signIn with transport token answered no sessionToken")
  return result.sessionToken
}

/** The `data.reason` and HTTP status of a failed call; fails the test if the call succeeded. */
export const failureOf = async (
  call: Promise<unknown>
): Promise<{ reason: string; httpStatus: number; message: string; retryAfterSeconds?: number }> => {
  try {
    await call
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error
    const data = error.data as { reason: string; httpStatus: number; retryAfterSeconds?: number }
    return {
      reason: data.reason,
      httpStatus: data.httpStatus,
      message: error.message,
      ...(data.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: data.retryAfterSeconds })
    }
  }
  throw new Error("Expected the call to fail, but it succeeded")
}
