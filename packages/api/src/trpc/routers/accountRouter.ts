import { Effect } from "effect"
import { AccountSettings } from "../../accounts/AccountSettings.ts"
import { SessionManager } from "../../sessions/SessionManager.ts"
import { whoamiOf } from "../../sessions/whoami.ts"
import { ChangeEmailInput, ChangePasswordInput } from "../inputs.ts"
import { router, sessionProcedure } from "../trpc.ts"

export const accountRouter = router({
  /** Answers the session's Whoami as committed: the new address, unconfirmed. */
  changeEmail: sessionProcedure.input(ChangeEmailInput).mutation(({ ctx, input }) =>
    ctx.run(
      Effect.gen(function* () {
        yield* AccountSettings.use((settings) => settings.changeEmail(ctx.session, input, ctx.client))
        const session = yield* SessionManager.use((manager) => manager.current(ctx.session))
        return whoamiOf(session.snapshot)
      })
    )
  ),

  changePassword: sessionProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) =>
      ctx.run(AccountSettings.use((settings) => settings.changePassword(ctx.session, input, ctx.client)))
    )
})
