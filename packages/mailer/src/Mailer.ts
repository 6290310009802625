import { Context, type Effect } from "effect"
import type { MailDeliveryError } from "./MailDeliveryError.ts"
import type { MailMessage } from "./MailMessage.ts"

export class Mailer extends Context.Service<
  Mailer,
  {
    send(message: MailMessage): Effect.Effect<void, MailDeliveryError>
    /**
     * Whether the outbox is where its messages are read: the dev outbox delivers nowhere, and the
     * dev mailbox shows the outbox, so its messages are kept whole (links and codes included).
     * A mailer that hands messages on (SMTP) leaves the outbox only what is safe to keep.
     */
    readonly readFromOutbox: boolean
  }
>()("@verity/mailer/Mailer") {}
