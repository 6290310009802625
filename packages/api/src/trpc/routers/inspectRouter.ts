import { TRPCError } from "@trpc/server"
import { Clock, Duration, Effect, Option, Schedule, Stream } from "effect"
import { FanOutTrace } from "../../inspector/FanOutTrace.ts"
import { healthOf } from "../../inspector/healthFigures.ts"
import { InspectorAccessControl, inspectorAccessLifetime } from "../../inspector/InspectorAccessControl.ts"
import { inspectionEventsOf } from "../../inspector/inspectionEvents.ts"
import { LiveWatch } from "../../inspector/LiveWatch.ts"
import { SessionInspection } from "../../inspector/SessionInspection.ts"
import { SessionReplay } from "../../inspector/SessionReplay.ts"
import { Metrics } from "../../observability/Metrics.ts"
import { SessionTrailRecorder } from "../../trail/SessionTrailRecorder.ts"
import { OperatorTokenInput, SessionIdInput, UserChangeInput, UserIdInput, UserQueryInput } from "../inputs.ts"
import { inspectorGateProcedure, inspectorProcedure, router } from "../trpc.ts"

// How often a live watch checks that its sign-in still holds (it ends when it expires or ends).
const accessRecheck = Duration.seconds(5)

const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `No such ${what}.` })

const found = <A>(value: Option.Option<A>, what: string): A => {
  if (Option.isNone(value)) throw notFound(what)
  return value.value
}

/**
 * The inspector's procedures, read-only: none of them sends an event to a session or changes a
 * user. Addresses are masked in every answer but `revealEmail`'s, which is recorded first.
 */
export const inspectRouter = router({
  /** The operator token, once, for a short-lived HttpOnly inspector cookie; the token is not kept. */
  signIn: inspectorGateProcedure.input(OperatorTokenInput).mutation(async ({ ctx, input }) => {
    const signedIn = await ctx.run(
      InspectorAccessControl.use((control) => control.signIn(input.operatorToken, ctx.client))
    )
    ctx.inspectorCookie.set(signedIn.token, Duration.toSeconds(inspectorAccessLifetime))
    return { expiresAt: signedIn.access.expiresAt }
  }),

  /** Ends this sign-in for good (the cookie no longer opens anything) and forgets the cookie. */
  signOut: inspectorProcedure.mutation(async ({ ctx }) => {
    await ctx.run(InspectorAccessControl.use((control) => control.signOut(ctx.inspectorAccess, ctx.client)))
    ctx.inspectorCookie.clear()
    return { ok: true as const }
  }),

  /** This instance, this sign-in's end, and how the session trail's recording is going here. */
  status: inspectorProcedure.query(({ ctx }) =>
    ctx.run(
      SessionTrailRecorder.use((recorder) =>
        Effect.map(recorder.stats, (trail) => ({
          instanceId: ctx.config.instanceId,
          signedInUntil: ctx.inspectorAccess.expiresAt,
          trail
        }))
      )
    )
  ),

  /** This instance's health: the figures `/metrics` exposes, from the same registry. */
  health: inspectorProcedure.query(({ ctx }) =>
    ctx.run(
      Effect.gen(function* () {
        const figures = yield* Metrics.use((metrics) => metrics.figures)
        const nowMs = yield* Clock.currentTimeMillis
        return healthOf(ctx.config.instanceId, new Date(nowMs).toISOString(), figures)
      })
    )
  ),

  /** A user by email (any spelling of it) or by id; `user` is null when there is none. */
  findUser: inspectorProcedure
    .input(UserQueryInput)
    .query(({ ctx, input }) =>
      ctx.run(
        SessionInspection.use((inspection) =>
          Effect.map(inspection.findUser(input.query), (user) => ({ user: Option.getOrNull(user) }))
        )
      )
    ),

  /** Every session of the user (live and dormant), the staleness detector, and recent changes. */
  sessionsOf: inspectorProcedure
    .input(UserIdInput)
    .query(async ({ ctx, input }) =>
      found(await ctx.run(SessionInspection.use((inspection) => inspection.sessionsOf(input.userId))), "user")
    ),

  /** A session's persisted trail, oldest first. */
  trail: inspectorProcedure
    .input(SessionIdInput)
    .query(({ ctx, input }) => ctx.run(SessionInspection.use((inspection) => inspection.trailOf(input.sessionId)))),

  /** A session's trail stepped through again with the machine: states, context changes, guards. */
  replay: inspectorProcedure
    .input(SessionIdInput)
    .query(({ ctx, input }) => ctx.run(SessionReplay.use((replay) => replay.replay(input.sessionId)))),

  /** A session's trail as XState inspection events (JSON), for other XState tooling. */
  exportTrail: inspectorProcedure
    .input(SessionIdInput)
    .query(({ ctx, input }) =>
      ctx.run(
        SessionReplay.use((replay) =>
          Effect.map(replay.replay(input.sessionId), (replayed) =>
            inspectionEventsOf(replayed.sessionId, replayed.steps)
          )
        )
      )
    ),

  /** One user change's fan-out: every session it reached, where, how long after the commit. */
  fanOut: inspectorProcedure
    .input(UserChangeInput)
    .query(async ({ ctx, input }) =>
      found(await ctx.run(FanOutTrace.use((trace) => trace.trace(input.userId, input.version))), "user change")
    ),

  /**
   * Server-sent events: the user's sessions now, then every step, start, eviction and fan-out as
   * it happens (this instance's at once, other instances' from the trail within about a second).
   * Ends with UNAUTHORIZED when the sign-in expires or ends.
   */
  watchUser: inspectorProcedure.input(UserIdInput).subscription(async function* ({ ctx, input, signal }) {
    const exists = await ctx.run(SessionInspection.use((inspection) => inspection.userById(input.userId)))
    if (Option.isNone(exists)) throw notFound("user")
    const access = ctx.inspectorAccess
    const token = ctx.inspectorToken ?? ""
    const accessEnded = InspectorAccessControl.use((control) =>
      Effect.gen(function* () {
        const still = yield* control.check(token)
        const nowMs = yield* Clock.currentTimeMillis
        return Option.isNone(still) || Date.parse(access.expiresAt) <= nowMs
      })
    ).pipe(
      Effect.catch(() => Effect.succeed(false)),
      Effect.repeat({ schedule: Schedule.spaced(accessRecheck), until: (ended) => ended })
    )
    const watching = Stream.unwrap(LiveWatch.use((live) => Effect.succeed(live.watch(input.userId)))).pipe(
      Stream.orDie,
      Stream.interruptWhen(accessEnded)
    )
    for await (const message of ctx.iterate(watching, signal)) yield message
    if (signal?.aborted !== true) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "The inspector sign-in has ended; sign in again." })
    }
  }),

  /** The user's whole address; the reveal is written to the audit log before it is answered. */
  revealEmail: inspectorProcedure.input(UserIdInput).mutation(async ({ ctx, input }) => ({
    email: found(
      await ctx.run(
        InspectorAccessControl.use((control) => control.revealEmail(ctx.inspectorAccess, input.userId, ctx.client))
      ),
      "user"
    )
  })),

  /** Who signed in to the inspector, when, from where, and which addresses they revealed; newest first. */
  auditLog: inspectorProcedure.query(({ ctx }) =>
    ctx.run(InspectorAccessControl.use((control) => Effect.map(control.auditLog(200), (entries) => ({ entries }))))
  )
})
