import { SupportService } from "../../support/SupportService.ts"
import { ContactUsInput } from "../inputs.ts"
import { router, sessionProcedure } from "../trpc.ts"

export const supportRouter = router({
  contactUs: sessionProcedure
    .input(ContactUsInput)
    .mutation(({ ctx, input }) =>
      ctx.run(SupportService.use((support) => support.contactUs(ctx.session, input, ctx.client)))
    )
})
