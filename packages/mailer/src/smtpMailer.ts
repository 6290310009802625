import { isCanonicalEmail } from "@verity/domain"
import { Effect, Layer, Predicate } from "effect"
import { createTransport } from "nodemailer"
import { MailDeliveryError } from "./MailDeliveryError.ts"
import type { MailMessage } from "./MailMessage.ts"
import { Mailer } from "./Mailer.ts"

// nodemailer flags an SMTP answer it knows will be repeated (5xx other than 503) as permanent;
// errors that carry no answer (refused connection, timeout, dropped socket) lack the flag.
const isPermanent = (cause: unknown): boolean => {
  if (Predicate.hasProperty(cause, "permanent") && Predicate.isBoolean(cause.permanent)) return cause.permanent
  // An envelope nodemailer refuses before talking to the server (no valid recipient) is refused every time.
  return Predicate.hasProperty(cause, "code") && cause.code === "EENVELOPE"
}

const toDeliveryError = (cause: unknown): MailDeliveryError =>
  new MailDeliveryError({
    message: cause instanceof Error ? cause.message : String(cause),
    permanent: isPermanent(cause)
  })

/** Delivers over SMTP; `url` is a nodemailer connection URL such as `smtp://user:pass@host:587`. */
export const layerSmtp = (options: { readonly url: string; readonly from: string }) =>
  Layer.effect(
    Mailer,
    Effect.gen(function* () {
      // Pooled so the outbox worker reuses connections instead of a TCP + SMTP handshake per mail.
      const transport = yield* Effect.acquireRelease(
        Effect.sync(() => createTransport({ url: options.url, pool: true })),
        (pool) => Effect.sync(() => pool.close())
      )

      // nodemailer reads `to` as a list of addresses with display names: `a,b@e` would go to b@e,
      // `Evil <x@y>` to x@y. Only the canonical address that was checked may be a recipient.
      const send = Effect.fn("Mailer.send")((message: MailMessage) =>
        isCanonicalEmail(message.to)
          ? Effect.tryPromise({
              try: (signal) => {
                const { secrets: _notMailed, ...mail } = message
                return transport.sendMail({ ...mail, from: options.from, signal })
              },
              catch: toDeliveryError
            }).pipe(Effect.asVoid)
          : Effect.fail(
              new MailDeliveryError({
                message: `Not sent: the recipient ${JSON.stringify(message.to)} is not one canonical mailbox.`,
                permanent: true
              })
            )
      )

      return Mailer.of({ send, readFromOutbox: false })
    })
  )
