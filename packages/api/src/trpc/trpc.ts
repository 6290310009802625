/**
 * YOU PROBABLY DON'T NEED TO EDIT THIS FILE, UNLESS:
 * 1. You want to change what every request knows (the context, built in http/HttpServer.ts).
 * 2. You want to change how failures look on the wire (the error formatter).
 * 3. You want a new kind of procedure (a new protection all of its procedures share).
 *
 * Routers import `router` and one of the procedures below; nothing else.
 */
import { initTRPC, StandardSchemaV1Error, TRPCError } from "@trpc/server"
import { CrossSiteRequest, type SessionRevoked, Unauthenticated, ValidationFailed } from "@verity/domain"
import { Effect, Option } from "effect"
import { minVersionHeader, parseMinVersion, userIdHeader, userVersionHeader } from "../http/causalHeaders.ts"
import { reachFailPoint } from "../faults/FailPoints.ts"
import { DomainFailure } from "../http/DomainFailure.ts"
import { domainErrorStatus, reasonForTrpcCode } from "../http/errorReasons.ts"
import { InspectorAccessControl } from "../inspector/InspectorAccessControl.ts"
import { checkAdminToken } from "../security/adminToken.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { SessionManager } from "../sessions/SessionManager.ts"
import type { RequestContext } from "./RequestContext.ts"

/* ---------------------------------------------------------------------------------------------
 * 1. INITIALIZATION: the error shape every client sees (`data.reason`, never a stack trace)
 * ------------------------------------------------------------------------------------------- */

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

/* ---------------------------------------------------------------------------------------------
 * 2. ROUTER & PROCEDURES: the protections, one middleware each
 * ------------------------------------------------------------------------------------------- */

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

/**
 * The session behind the request's credentials, as of now, at least at the version the client
 * has seen (`x-verity-min-version`); every answer says which version it was made at.
 */
const authenticateRequest = async (ctx: RequestContext, token: string): Promise<LiveSession> => {
  const minVersion = parseMinVersion(ctx.minVersionHeader)
  if (minVersion === "invalid") {
    throw new DomainFailure(
      new ValidationFailed({ message: `${minVersionHeader} must be a whole number (a user version).` })
    )
  }
  const session = await ctx.run(
    SessionManager.use((manager) =>
      manager.authenticate(token).pipe(
        Effect.tap((live) => (minVersion === null ? Effect.void : manager.catchUp(live, minVersion))),
        Effect.tap(() => reachFailPoint("afterAuthentication"))
      )
    )
  )
  ctx.setResponseHeader(userVersionHeader, String(session.snapshot.context.userVersion))
  ctx.setResponseHeader(userIdHeader, session.userId)
  return session
}

const twoSessionCookies = () =>
  new DomainFailure(
    new ValidationFailed({
      message: "The request carries two session cookies, so which session it acts in cannot be told; sign in again."
    })
  )

/** Procedures that need a live, unrevoked session; `ctx.session` is its actor. */
export const sessionProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.ambiguousSession) throw twoSessionCookies()
  if (ctx.token === null) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." })
  return next({ ctx: { session: await authenticateRequest(ctx, ctx.token) } })
})

/** The session of a request that may have none, and, when it has none, why. */
export type OptionalSession =
  | { readonly session: LiveSession; readonly noSession: null }
  | { readonly session: null; readonly noSession: Unauthenticated | SessionRevoked }

const resolveOptionalSession = async (ctx: RequestContext): Promise<OptionalSession> => {
  if (ctx.ambiguousSession) throw twoSessionCookies()
  if (ctx.token === null) return { session: null, noSession: new Unauthenticated() }
  try {
    return { session: await authenticateRequest(ctx, ctx.token), noSession: null }
  } catch (error) {
    if (!(error instanceof DomainFailure)) throw error
    const { domainError } = error
    if (domainError._tag !== "Unauthenticated" && domainError._tag !== "SessionRevoked") throw error
    return { session: null, noSession: domainError }
  }
}

/**
 * Procedures that work with or without a session (an emailed link opened on any device):
 * `ctx.session` is the live session when the request carries a usable one, else null, with
 * `ctx.noSession` saying why, for a branch that needs the session to answer exactly that.
 */
export const optionalSessionProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const optional = await resolveOptionalSession(ctx)
  return next({ ctx: { optional } })
})

/**
 * Operator procedures: `Authorization: Bearer $ADMIN_TOKEN`; closed when ADMIN_TOKEN is unset;
 * guesses are limited per client address.
 */
export const adminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  await ctx.run(checkAdminToken(ctx.bearer, ctx.client.ip))
  return next()
})

/**
 * The inspector's door: off (NOT_FOUND) unless ADMIN_TOKEN is set, and only for pages of the
 * app's own origins, whatever the kind of request (SSE and queries included, not only changes).
 */
export const inspectorGateProcedure = publicProcedure.use(({ ctx, next }) => {
  if (Option.isNone(ctx.config.adminToken))
    throw new TRPCError({ code: "NOT_FOUND", message: "The inspector is off: ADMIN_TOKEN is not set." })
  if (ctx.fromOtherSite) throw new DomainFailure(new CrossSiteRequest())
  return next()
})

/**
 * Inspector procedures: the operator's inspector access (`ctx.inspectorAccess`), from the
 * HttpOnly cookie `inspect.signIn` sets. A user's session never counts, and the operator token
 * itself is not taken here: only the sign-in reads it.
 */
export const inspectorProcedure = inspectorGateProcedure.use(async ({ ctx, next }) => {
  const token = ctx.inspectorToken
  const access =
    token === null ? Option.none() : await ctx.run(InspectorAccessControl.use((control) => control.check(token)))
  if (Option.isNone(access))
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to the inspector with the operator token." })
  return next({ ctx: { inspectorAccess: access.value } })
})

/** Development aids: only with the dev mailbox (no SMTP_URL, and not production). */
export const devProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.config.devMailbox)
    throw new TRPCError({ code: "NOT_FOUND", message: "There is no dev mailbox: emails are sent over SMTP_URL." })
  return next()
})
