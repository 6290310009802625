import { Context, type Effect } from "effect"
import type { OutboxRecord, OutgoingMail } from "../records.ts"

/** A message as `enqueue` stores it: due at once, never tried. Adapters give the id. */
export const newOutboxRecord = (
  id: string,
  mail: OutgoingMail,
  at: string,
  requestId: string | null
): OutboxRecord => ({
  id,
  mail,
  createdAt: at,
  attempts: 0,
  nextAttemptAt: at,
  sentAt: null,
  failedAt: null,
  lastError: null,
  requestId
})
import type { StoreError } from "../StoreError.ts"

/**
 * Emails are written here before the request that caused them answers, and a worker delivers
 * them, so a crash between the two never loses one (delivery is at least once).
 */
export class Outbox extends Context.Service<
  Outbox,
  {
    enqueue(mail: OutgoingMail, at: string, requestId?: string | null): Effect.Effect<OutboxRecord, StoreError>
    /** Unsent, not given up, and due at `now`, oldest first. */
    due(now: string, limit: number): Effect.Effect<ReadonlyArray<OutboxRecord>, StoreError>
    /**
     * Settles the message as delivered and replaces it with `kept`, what the outbox keeps of it
     * from now on (the message without its links and codes), in the same write.
     */
    markSent(id: string, at: string, kept: OutgoingMail): Effect.Effect<void, StoreError>
    /**
     * Counts an attempt; `nextAttemptAt` null gives up on the message, which is then replaced by
     * `keptIfGivenUp`, as `markSent` does (a message no one will deliver needs no usable link).
     */
    markFailed(
      id: string,
      error: string,
      nextAttemptAt: string | null,
      at: string,
      keptIfGivenUp: OutgoingMail
    ): Effect.Effect<void, StoreError>
    /** Newest first (the dev mailbox). */
    recent(limit: number): Effect.Effect<ReadonlyArray<OutboxRecord>, StoreError>
    /** How many messages wait to be sent (not sent, not given up), and since when the oldest of them. */
    readonly backlog: Effect.Effect<{ readonly count: number; readonly oldestCreatedAt: string | null }, StoreError>
  }
>()("@verity/store/Outbox") {}
