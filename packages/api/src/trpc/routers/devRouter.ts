import { Outbox } from "@verity/store"
import { Effect } from "effect"
import { devProcedure, router } from "../trpc.ts"

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
