import { AccountSettings } from "../../accounts/AccountSettings.ts"
import { whoamiOf } from "../../sessions/whoami.ts"
import { ChangeEmailInput, ChangePasswordInput } from "../inputs.ts"
import { router, sessionProcedure } from "../trpc.ts"

export const accountRouter = router({
  /** Answers the session's Whoami after the change: the new address, unconfirmed. */
  changeEmail: sessionProcedure.input(ChangeEmailInput).mutation(async ({ ctx, input }) => {
    await ctx.run(AccountSettings.use((settings) => settings.changeEmail(ctx.session, input)))
    return whoamiOf(ctx.session.snapshot)
  }),

  changePassword: sessionProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) =>
      ctx.run(AccountSettings.use((settings) => settings.changePassword(ctx.session, input)))
    )
})
