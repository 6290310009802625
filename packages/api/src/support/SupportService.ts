import { EmailNotConfirmed } from "@verity/domain"
import { canContactSupport, sessionStateName } from "@verity/session-machine"
import { ContactMessages, type StoreError } from "@verity/store"
import { Context, Effect, Layer } from "effect"
import { newTicketId } from "../security/secrets.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { nowIso } from "../time/now.ts"

export type ContactRequest = { readonly subject: string; readonly message: string }

export class SupportService extends Context.Service<
  SupportService,
  {
    contactUs(
      session: LiveSession,
      request: ContactRequest
    ): Effect.Effect<{ ticketId: string }, EmailNotConfirmed | StoreError>
  }
>()("@verity/api/support/SupportService") {
  static readonly layer = Layer.effect(
    SupportService,
    Effect.gen(function* () {
      const messages = yield* ContactMessages
      return SupportService.of({
        contactUs: Effect.fn("SupportService.contactUs")(function* (session: LiveSession, request: ContactRequest) {
          // The rule lives in the session machine; the answer comes from the live actor.
          if (!canContactSupport(sessionStateName(session.snapshot))) return yield* new EmailNotConfirmed()
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
