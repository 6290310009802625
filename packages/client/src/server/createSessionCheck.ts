import { createTRPCClient, httpLink, isTRPCClientError } from "@trpc/client"
import type { AppRouter } from "../appRouter.ts"
import { minVersionHeader, userIdHeader, userVersionHeader } from "../causalConsistency.ts"
import { type IncomingRequest, incomingCredentials } from "./incomingCredentials.ts"
import type { SessionCheck, SessionRefused, VerityUnreachable } from "./SessionCheck.ts"

export type SessionCheckOptions = {
  /** Verity's base URL as this backend reaches it, e.g. http://verity.internal:3000. */
  readonly url: string
  /** How long to wait for Verity before answering `unreachable`. Default 5000 ms. */
  readonly timeoutMs?: number
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch
}

/** Checks the session an incoming request carries; never throws, every outcome is a value. */
export type CheckSession = (request: IncomingRequest) => Promise<SessionCheck>

/** No usable answer: the session is unknown, which the caller must not take for a sign-out. */
const unreachable = (message: string, cause: unknown): VerityUnreachable => ({
  status: "unreachable",
  httpStatus: 503,
  message,
  cause
})

const noSession: SessionRefused = {
  status: "refused",
  reason: "UNAUTHENTICATED",
  httpStatus: 401,
  message: "The request carries no Verity session (no session cookie, no bearer token)."
}

const refusalOf = (error: unknown): SessionCheck => {
  if (!isTRPCClientError<AppRouter>(error) || error.data === undefined || error.data === null) {
    return unreachable(`Verity could not be reached: ${error instanceof Error ? error.message : String(error)}`, error)
  }
  const { reason, httpStatus, revokedReason } = error.data
  if (httpStatus >= 500) return unreachable(`Verity failed to answer (${httpStatus}): ${error.message}`, error)
  if (reason === "SESSION_REVOKED" && revokedReason !== undefined) {
    return { status: "refused", reason, revokedReason, httpStatus, message: error.message }
  }
  if (reason === "SESSION_REVOKED") {
    return unreachable("Verity's SESSION_REVOKED came without a revokedReason: is it another version?", error)
  }
  return { status: "refused", reason, httpStatus, message: error.message }
}

/**
 * Session checks for another backend: give it the incoming request (a fetch `Request`, or a
 * Fastify, Express or node:http request) and it asks Verity's `session.whoami` with the
 * caller's cookie or bearer token, passing on `x-verity-min-version`.
 *
 * Every check is one call to Verity, and nothing is cached: Verity answers from the live session
 * (no database read), so a password change, a sign-out elsewhere or a confirmed email shows on
 * the very next check.
 */
export const createSessionCheck = (options: SessionCheckOptions): CheckSession => {
  const url = `${options.url.replace(/\/+$/, "")}/trpc`
  const timeoutMs = options.timeoutMs ?? 5000
  return async (request: IncomingRequest): Promise<SessionCheck> => {
    const { session, minVersion } = incomingCredentials(request)
    if (session === null) return noSession
    let answer: Response | undefined
    const verity = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url,
          headers: { ...session, ...(minVersion === null ? {} : { [minVersionHeader]: minVersion }) },
          fetch: async (input, init) => {
            answer = await (options.fetch ?? globalThis.fetch)(input, init as RequestInit)
            return answer
          }
        })
      ]
    })
    try {
      const whoami = await verity.session.whoami.query(undefined, { signal: AbortSignal.timeout(timeoutMs) })
      const answeredAt = answer?.headers.get(userVersionHeader) ?? null
      const userVersion = answeredAt !== null && /^\d+$/.test(answeredAt) ? Number(answeredAt) : whoami.userVersion
      return {
        status: "allowed",
        whoami,
        userVersion,
        versionHeaders: { [userVersionHeader]: String(userVersion), [userIdHeader]: whoami.user.id }
      }
    } catch (error) {
      return refusalOf(error)
    }
  }
}
