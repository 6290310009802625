import { TRPCError } from "@trpc/server"
import { Outbox } from "@verity/store"
import { Effect } from "effect"
import { AppConfig } from "../../config/AppConfig.ts"
import { publicProcedure, router } from "../trpc.ts"

/** Development aids; closed in production with real mail (NODE_ENV=production and SMTP_URL set). */
const devProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const enabled = await ctx.run(AppConfig.use((config) => Effect.succeed(config.devMailbox)))
  if (!enabled) throw new TRPCError({ code: "NOT_FOUND", message: "The dev mailbox is off in production." })
  return next()
})

export const devRouter = router({
  /** The newest emails in the outbox, so the whole flow can be tried without a mail server. */
  mailbox: devProcedure.query(({ ctx }) =>
    ctx.run(
      Outbox.use((outbox) => outbox.recent(50)).pipe(
        Effect.map((records) =>
          records.map((record) => ({
            id: record.id,
            to: record.mail.to,
            subject: record.mail.subject,
            text: record.mail.text,
            createdAt: record.createdAt,
            sentAt: record.sentAt
          }))
        )
      )
    )
  )
})
