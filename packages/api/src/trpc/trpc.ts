import { initTRPC, StandardSchemaV1Error, TRPCError } from "@trpc/server"
import { CrossSiteRequest, ValidationFailed } from "@verity/domain"
import { Effect, Option, Redacted } from "effect"
import { timingSafeEqual } from "node:crypto"
import { AppConfig } from "../config/AppConfig.ts"
import { minVersionHeader, parseMinVersion, userIdHeader, userVersionHeader } from "../http/causalHeaders.ts"
import { DomainFailure } from "../http/DomainFailure.ts"
import { domainErrorStatus, reasonForTrpcCode } from "../http/errorReasons.ts"
import { SessionManager } from "../sessions/SessionManager.ts"
import type { RequestContext } from "./RequestContext.ts"

const describeIssues = (error: StandardSchemaV1Error) =>
  error.issues
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => (typeof segment === "object" ? segment.key : segment)).join(".")
      return path === "" ? issue.message : `${path}: ${issue.message}`
    })
    .join("; ")

const t = initTRPC.context<RequestContext>().create({
  // Stack traces and internals stay on the server whatever NODE_ENV says.
  isDev: false,
  // Pings keep proxies from closing an idle `session.changes` stream; a client that hears
  // nothing for longer reconnects (with its last event id).
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter: ({ shape, error }) => {
    const domainError = error instanceof DomainFailure ? error.domainError : undefined
    const reason =
      domainError !== undefined ? domainErrorStatus[domainError._tag].reason : reasonForTrpcCode(error.code)
    const message =
      error.cause instanceof StandardSchemaV1Error
        ? describeIssues(error.cause)
        : reason === "INTERNAL"
          ? "Something went wrong on our side; it has been logged."
          : shape.message
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        reason,
        ...(domainError?._tag === "RateLimited" ? { retryAfterSeconds: domainError.retryAfterSeconds } : {}),
        ...(domainError?._tag === "SessionRevoked" ? { revokedReason: domainError.revokedReason } : {})
      }
    }
  }
})

export const router = t.router

/**
 * CSRF: a cookie rides along with any request the browser makes, so a change made without a
 * bearer token must come from one of the app's own origins. Browsers always send `Origin` on
 * cross-site POSTs; clients without it (curl, servers) are not browsers and carry no ambient
 * cookie. SameSite=Lax on the cookie is a second, independent line.
 */
export const publicProcedure = t.procedure.use(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.bearer === null && ctx.fromOtherSite) throw new DomainFailure(new CrossSiteRequest())
  return next()
})

/** Procedures that need a live, unrevoked session; `ctx.session` is its actor. */
export const sessionProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = ctx.token
  if (token === null) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." })
  const minVersion = parseMinVersion(ctx.minVersionHeader)
  if (minVersion === "invalid") {
    throw new DomainFailure(
      new ValidationFailed({ message: `${minVersionHeader} must be a whole number (a user version).` })
    )
  }
  const session = await ctx.run(
    SessionManager.use((manager) =>
      Effect.tap(manager.authenticate(token), (live) =>
        minVersion === null ? Effect.void : manager.catchUp(live, minVersion)
      )
    )
  )
  ctx.setResponseHeader(userVersionHeader, String(session.snapshot.context.userVersion))
  ctx.setResponseHeader(userIdHeader, session.userId)
  return next({ ctx: { ...ctx, session } })
})

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Operator procedures: `Authorization: Bearer $ADMIN_TOKEN`; closed when ADMIN_TOKEN is unset. */
export const adminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const adminToken = await ctx.run(AppConfig.use((config) => Effect.succeed(config.adminToken)))
  const allowed =
    Option.isSome(adminToken) && ctx.bearer !== null && sameSecret(ctx.bearer, Redacted.value(adminToken.value))
  if (!allowed) throw new TRPCError({ code: "FORBIDDEN", message: "This needs the operator token (ADMIN_TOKEN)." })
  return next()
})
