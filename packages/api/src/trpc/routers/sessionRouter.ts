import { tracked } from "@trpc/server"
import { SessionRevoked } from "@verity/domain"
import { revokedReason } from "@verity/session-machine"
import { Effect } from "effect"
import { DomainFailure } from "../../http/DomainFailure.ts"
import { Metrics } from "../../observability/Metrics.ts"
import { SessionManager } from "../../sessions/SessionManager.ts"
import { UserSessions } from "../../sessions/UserSessions.ts"
import { UserTrail } from "../../sessions/UserTrail.ts"
import { whoamiOf } from "../../sessions/whoami.ts"
import { SessionChangesInput, SessionIdInput } from "../inputs.ts"
import { router, sessionProcedure } from "../trpc.ts"

export const sessionRouter = router({
  /** Answered from the live actor's state: no store read, never stale. */
  whoami: sessionProcedure.query(({ ctx }) => whoamiOf(ctx.session.snapshot)),

  /**
   * Server-sent events: the current Whoami at once, then after every change of the user or the
   * session; the stream ends with UNAUTHORIZED / SESSION_REVOKED when the session ends. Event
   * ids are the user version, so a reconnecting client (which sends its last id) is sent the
   * state again only if it changed meanwhile.
   */
  changes: sessionProcedure.input(SessionChangesInput).subscription(async function* ({ ctx, input, signal }) {
    const changes = Effect.zipWith(Effect.service(SessionManager), Effect.service(Metrics), (manager, metrics) =>
      metrics.countOpenStream(manager.changes(ctx.session))
    )
    let lastSent = input?.lastEventId ?? null
    for await (const snapshot of ctx.iterate(await ctx.run(changes), signal)) {
      const ended = revokedReason(snapshot)
      if (ended !== null) throw new DomainFailure(new SessionRevoked({ revokedReason: ended }))
      const eventId = `v${snapshot.context.userVersion}`
      if (eventId === lastSent) continue
      lastSent = eventId
      yield tracked(eventId, whoamiOf(snapshot))
    }
  }),

  list: sessionProcedure.query(({ ctx }) => ctx.run(UserSessions.use((sessions) => sessions.list(ctx.session)))),

  /** The recent history of the user's own sessions (ended ones too), newest first, as facts a user recognises. */
  trail: sessionProcedure.query(({ ctx }) => ctx.run(UserTrail.use((trail) => trail.recentOf(ctx.session)))),

  revoke: sessionProcedure.input(SessionIdInput).mutation(async ({ ctx, input }) => {
    await ctx.run(UserSessions.use((sessions) => sessions.revoke(ctx.session, input.sessionId)))
    return { ok: true as const }
  }),

  revokeOthers: sessionProcedure.mutation(({ ctx }) =>
    ctx.run(UserSessions.use((sessions) => Effect.map(sessions.revokeOthers(ctx.session), (revoked) => ({ revoked }))))
  )
})
