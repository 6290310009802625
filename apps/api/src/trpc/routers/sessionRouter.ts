import { Effect } from "effect"
import { UserSessions } from "../../sessions/UserSessions.ts"
import { whoamiOf } from "../../sessions/whoami.ts"
import { SessionIdInput } from "../inputs.ts"
import { router, sessionProcedure } from "../trpc.ts"

export const sessionRouter = router({
  /** Answered from the live actor's state: no store read, never stale. */
  whoami: sessionProcedure.query(({ ctx }) => whoamiOf(ctx.session.snapshot)),

  list: sessionProcedure.query(({ ctx }) => ctx.run(UserSessions.use((sessions) => sessions.list(ctx.session)))),

  revoke: sessionProcedure.input(SessionIdInput).mutation(async ({ ctx, input }) => {
    await ctx.run(UserSessions.use((sessions) => sessions.revoke(ctx.session, input.sessionId)))
    return { ok: true as const }
  }),

  revokeOthers: sessionProcedure.mutation(({ ctx }) =>
    ctx.run(UserSessions.use((sessions) => Effect.map(sessions.revokeOthers(ctx.session), (revoked) => ({ revoked }))))
  )
})
