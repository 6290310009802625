import { ContactMessages } from "@verity/store"
import { Effect } from "effect"
import { Suspension } from "../../accounts/Suspension.ts"
import { SessionEviction } from "../../sessions/live/SessionEviction.ts"
import { AccountEmailInput, ContactMessagesInput } from "../inputs.ts"
import { adminProcedure, router } from "../trpc.ts"

export const adminRouter = router({
  /** What users wrote through the contact form, newest first (`npm run admin -- messages`). */
  contactMessages: adminProcedure.input(ContactMessagesInput).query(({ ctx, input }) =>
    ctx.run(
      ContactMessages.use((messages) => messages.recent(input?.limit ?? 50)).pipe(
        Effect.map((records) =>
          records.map((record) => ({
            ticketId: record.id,
            email: record.email,
            subject: record.subject,
            message: record.message,
            createdAt: record.createdAt
          }))
        )
      )
    )
  ),

  /** Frees the memory of every session actor; sessions stay valid and are rebuilt on their next request. */
  evictSessionActors: adminProcedure.mutation(({ ctx }) =>
    ctx.run(SessionEviction.use((eviction) => Effect.map(eviction.evictAll, (evicted) => ({ evicted }))))
  ),

  /** Ends every session of the account at once and refuses sign-in until unsuspended. */
  suspendUser: adminProcedure
    .input(AccountEmailInput)
    .mutation(({ ctx, input }) => ctx.run(Suspension.use((suspension) => suspension.suspend(input.email)))),

  unsuspendUser: adminProcedure.input(AccountEmailInput).mutation(async ({ ctx, input }) => {
    await ctx.run(Suspension.use((suspension) => suspension.unsuspend(input.email)))
    return { ok: true as const }
  })
})
