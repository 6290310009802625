import { EmailNotConfirmed, type RateLimited, type SessionRevoked, type Unauthenticated } from "@verity/domain"
import { contactMessageForSupport } from "@verity/mailer"
import { canContactSupport, sessionStateName } from "@verity/session-machine"
import { ContactMessages, type StoreError, StoreTransactions } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { MailDelivery } from "../mail/MailDelivery.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import { limitsOf } from "../security/rateLimitRules.ts"
import { newTicketId } from "../security/secrets.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { type ClientInfo, SessionManager } from "../sessions/SessionManager.ts"
import { nowIso } from "../time/now.ts"

export type ContactRequest = { readonly subject: string; readonly message: string }

/** The contact form: messages kept in the store for operators, and copied to SUPPORT_EMAIL when set. */
export class SupportService extends Context.Service<
  SupportService,
  {
    /**
     * Limited per user and per client address; the message and its copy to SUPPORT_EMAIL commit
     * together.
     */
    contactUs(
      session: LiveSession,
      request: ContactRequest,
      client: ClientInfo
    ): Effect.Effect<
      { ticketId: string },
      EmailNotConfirmed | RateLimited | Unauthenticated | SessionRevoked | StoreError
    >
  }
>()("@verity/api/support/SupportService") {
  static readonly layer = Layer.effect(
    SupportService,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const messages = yield* ContactMessages
      const limiter = yield* RateLimiter
      const transactions = yield* StoreTransactions
      const mail = yield* MailDelivery
      const manager = yield* SessionManager
      return SupportService.of({
        contactUs: Effect.fn("SupportService.contactUs")(function* (
          authenticated: LiveSession,
          request: ContactRequest,
          client: ClientInfo
        ) {
          // The rule lives in the session machine; it is asked of the session as it is now, not
          // as the request found it (evicted since, it would not have heard of a change).
          const session = yield* manager.current(authenticated)
          if (!canContactSupport(sessionStateName(session.snapshot))) return yield* new EmailNotConfirmed()
          yield* limiter.reserve(limitsOf.contactMessage(session.userId, client.ip))
          const ticketId = newTicketId()
          const email = session.snapshot.context.user.email
          yield* transactions.transact(
            Effect.andThen(
              messages.create({
                id: ticketId,
                userId: session.userId,
                email,
                subject: request.subject,
                message: request.message,
                createdAt: yield* nowIso
              }),
              Option.match(config.supportEmail, {
                onNone: () => Effect.void,
                onSome: (supportEmail) =>
                  mail.enqueue(contactMessageForSupport({ supportEmail, ticketId, from: email, ...request }))
              })
            )
          )
          return { ticketId }
        })
      })
    })
  )
}
