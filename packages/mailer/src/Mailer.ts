import { Context, type Effect } from "effect"
import type { MailDeliveryError } from "./MailDeliveryError.ts"
import type { MailMessage } from "./MailMessage.ts"

export class Mailer extends Context.Service<
  Mailer,
  {
    send(message: MailMessage): Effect.Effect<void, MailDeliveryError>
  }
>()("@verity/mailer/Mailer") {}
