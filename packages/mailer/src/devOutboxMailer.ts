import { Effect, Layer } from "effect"
import type { MailMessage } from "./MailMessage.ts"
import { Mailer } from "./Mailer.ts"

/**
 * Used when SMTP_URL is unset: nothing is delivered, so the whole text is logged for the
 * developer to follow the link or copy the code from the console.
 */
export const layerDevOutbox = Layer.succeed(
  Mailer,
  Mailer.of({
    send: (message: MailMessage) =>
      Effect.log(`Mail not sent (no SMTP_URL) to ${message.to}: ${message.subject}\n\n${message.text}`).pipe(
        Effect.annotateLogs({ to: message.to, subject: message.subject })
      ),
    readFromOutbox: true
  })
)
