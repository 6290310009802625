import { AccountRecovery } from "../../accounts/AccountRecovery.ts"
import { LinkTokenInput, UndoEmailChangeInput } from "../inputs.ts"
import { publicProcedure, router } from "../trpc.ts"

// Every procedure here takes an emailed link's token and needs no session: the link is opened on
// whatever device its mailbox is read on. Reads are mutations too, so a token travels only in a
// request body, never in a URL (proxy logs, browser history).
export const recoveryRouter = router({
  /** What the landing page of a confirmation link shows before anything is confirmed. */
  confirmationLinkDetails: publicProcedure
    .input(LinkTokenInput)
    .mutation(({ ctx, input }) =>
      ctx.run(AccountRecovery.use((recovery) => recovery.confirmationLinkDetails(input.token)))
    ),

  /** "This wasn't me" on a new account's first confirmation: the account is deleted, its sessions end. */
  rejectSignUp: publicProcedure.input(LinkTokenInput).mutation(async ({ ctx, input }) => {
    await ctx.run(AccountRecovery.use((recovery) => recovery.rejectSignUp(input.token)))
    return { ok: true as const }
  }),

  /** "This wasn't me" on an email-change notice: the address back, every session ended, a new password. */
  undoEmailChange: publicProcedure.input(UndoEmailChangeInput).mutation(async ({ ctx, input }) => {
    await ctx.run(
      AccountRecovery.use((recovery) => recovery.undoEmailChange(input.token, input.newPassword, ctx.client))
    )
    return { ok: true as const }
  })
})
