import { EmailNotConfirmed, type RateLimited } from "@verity/domain"
import { canContactSupport, sessionStateName } from "@verity/session-machine"
import { ContactMessages, type StoreError } from "@verity/store"
import { Context, Effect, Layer } from "effect"
import { RateLimiter } from "../security/RateLimiter.ts"
import { limitsOf } from "../security/rateLimitRules.ts"
import { newTicketId } from "../security/secrets.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import type { ClientInfo } from "../sessions/SessionManager.ts"
import { nowIso } from "../time/now.ts"

export type ContactRequest = { readonly subject: string; readonly message: string }

export class SupportService extends Context.Service<
  SupportService,
  {
    /** Limited per user and per client address: each message lands in the support queue. */
    contactUs(
      session: LiveSession,
      request: ContactRequest,
      client: ClientInfo
    ): Effect.Effect<{ ticketId: string }, EmailNotConfirmed | RateLimited | StoreError>
  }
>()("@verity/api/support/SupportService") {
  static readonly layer = Layer.effect(
    SupportService,
    Effect.gen(function* () {
      const messages = yield* ContactMessages
      const limiter = yield* RateLimiter
      return SupportService.of({
        contactUs: Effect.fn("SupportService.contactUs")(function* (
          session: LiveSession,
          request: ContactRequest,
          client: ClientInfo
        ) {
          // The rule lives in the session machine; the answer comes from the live actor.
          if (!canContactSupport(sessionStateName(session.snapshot))) return yield* new EmailNotConfirmed()
          yield* limiter.reserve(limitsOf.contactMessage(session.userId, client.ip))
          const ticketId = newTicketId()
          yield* messages.create({
            id: ticketId,
            userId: session.userId,
            email: session.snapshot.context.user.email,
            subject: request.subject,
            message: request.message,
            createdAt: yield* nowIso
          })
          return { ticketId }
        })
      })
    })
  )
}
