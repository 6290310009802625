import { Mailer, type MailMessage, withoutSecrets } from "@verity/mailer"
import { Outbox, type OutboxRecord, type StoreError } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Queue } from "effect"
import { Shutdown } from "../lifecycle/Shutdown.ts"
import { CurrentRequestId } from "../requests/CurrentRequestId.ts"
import { Metrics } from "../observability/Metrics.ts"
import { isoPlus, nowIso } from "../time/now.ts"

// Transient failures are retried with doubling waits (2 s, 4 s, ... capped at one hour), for
// about a day in all; after that, or on a permanent rejection, the message is given up.
const maxAttempts = 16
const retryDelayMs = (attempts: number) => Math.min(2 ** attempts * 1_000, 3_600_000)
const pollInterval = Duration.seconds(1)
const batchSize = 20

/**
 * Emails go through the store's outbox: `enqueue` writes the message before the request that
 * caused it answers, and a worker delivers it afterwards, so a crash never loses an email
 * (delivery is at least once).
 */
export class MailDelivery extends Context.Service<
  MailDelivery,
  {
    enqueue(message: MailMessage): Effect.Effect<void, StoreError>
  }
>()("@verity/api/mail/MailDelivery") {
  static readonly layer = Layer.effect(
    MailDelivery,
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const mailer = yield* Mailer
      const metrics = yield* Metrics
      const shutdown = yield* Shutdown
      const wakeUp = yield* Queue.sliding<void>(1)

      // Once settled, the outbox keeps no working link or code, unless it is itself the mailbox.
      const keptOf = (record: OutboxRecord) => (mailer.readFromOutbox ? record.mail : withoutSecrets(record.mail))

      // The worker serves no request, but each line about a message names the one that queued it.
      const deliver = (record: OutboxRecord) =>
        mailer.send(record.mail).pipe(
          Effect.flatMap(() => Effect.flatMap(nowIso, (at) => outbox.markSent(record.id, at, keptOf(record)))),
          Effect.catchTag("MailDeliveryError", (error) =>
            Effect.gen(function* () {
              const at = yield* nowIso
              const attempts = record.attempts + 1
              const giveUp = error.permanent || attempts >= maxAttempts
              metrics.noteMailDeliveryFailure(giveUp ? "givenUp" : "retry")
              yield* outbox.markFailed(
                record.id,
                error.message,
                giveUp ? null : isoPlus(at, retryDelayMs(attempts)),
                at,
                keptOf(record)
              )
              yield* giveUp
                ? Effect.logError("Email given up", {
                    to: record.mail.to,
                    subject: record.mail.subject,
                    error: error.message
                  })
                : Effect.logWarning("Email delivery failed; will retry", {
                    to: record.mail.to,
                    attempts,
                    error: error.message
                  })
            })
          ),
          Effect.annotateLogs({
            outboxId: record.id,
            ...(record.requestId === null ? {} : { requestId: record.requestId })
          })
        )

      const deliverDue: Effect.Effect<void, StoreError> = Effect.gen(function* () {
        while (true) {
          const due = yield* outbox.due(new Date(yield* Clock.currentTimeMillis).toISOString(), batchSize)
          if (due.length === 0) return
          for (const record of due) yield* deliver(record)
          if (due.length < batchSize) return
        }
      })

      yield* deliverDue.pipe(
        Effect.catchTag("StoreError", (error) => Effect.logError("Outbox unavailable", error)),
        Effect.andThen(Queue.take(wakeUp).pipe(Effect.timeoutOption(pollInterval))),
        Effect.forever,
        Effect.forkScoped
      )
      // Registered after the worker, so it runs before the mailer and the store close; it gets
      // what the requests left of the drain window, and what it cannot send waits in the outbox.
      yield* Effect.addFinalizer(() =>
        Effect.flatMap(shutdown.remaining, (left) => deliverDue.pipe(Effect.timeoutOption(left), Effect.ignore))
      )

      return MailDelivery.of({
        enqueue: (message) =>
          Effect.zipWith(nowIso, Effect.service(CurrentRequestId), (at, requestId) => ({ at, requestId })).pipe(
            Effect.flatMap(({ at, requestId }) => outbox.enqueue(message, at, requestId)),
            Effect.andThen(Queue.offer(wakeUp, undefined)),
            Effect.asVoid
          )
      })
    })
  )
}
