import { Effect } from "effect"
import { type Collection, ObjectId } from "mongodb"
import { newOutboxRecord, Outbox } from "../ports/Outbox.ts"
import type { OutboxRecord } from "../records.ts"
import type { OutboxDocument } from "./collections.ts"
import { mongoOperation } from "./mongoOperation.ts"

const toOutboxRecord = (document: OutboxDocument): OutboxRecord => ({
  id: document._id,
  mail: document.mail,
  createdAt: document.createdAt,
  attempts: document.attempts,
  nextAttemptAt: document.nextAttemptAt,
  sentAt: document.sentAt,
  failedAt: document.failedAt,
  lastError: document.lastError
})

// Neither sent nor given up. A settled message stays settled: a late report from a slow worker
// cannot revive it.
const unsettled = { sentAt: null, failedAt: null } as const

export const makeMongoOutbox = (outbox: Collection<OutboxDocument>): Outbox["Service"] =>
  Outbox.of({
    enqueue: (mail, at) =>
      mongoOperation("Outbox.enqueue", async () => {
        // An ObjectId's hex grows with time and, within one process, with every id made, so
        // sorting by it after createdAt keeps mails enqueued in the same millisecond in order.
        const record = newOutboxRecord(new ObjectId().toHexString(), mail, at)
        const { id, ...fields } = record
        await outbox.insertOne({ _id: id, ...fields })
        return record
      }),
    due: (now, limit) =>
      mongoOperation("Outbox.due", () =>
        outbox
          .find({ ...unsettled, nextAttemptAt: { $lte: now } })
          .sort({ createdAt: 1, _id: 1 })
          .limit(limit)
          .toArray()
      ).pipe(Effect.map((documents) => documents.map(toOutboxRecord))),
    markSent: (id, at) =>
      mongoOperation("Outbox.markSent", async () => {
        await outbox.updateOne({ _id: id, ...unsettled }, { $set: { sentAt: at }, $inc: { attempts: 1 } })
      }),
    markFailed: (id, error, nextAttemptAt, at) =>
      mongoOperation("Outbox.markFailed", async () => {
        await outbox.updateOne(
          { _id: id, ...unsettled },
          {
            $set: nextAttemptAt === null ? { lastError: error, failedAt: at } : { lastError: error, nextAttemptAt },
            $inc: { attempts: 1 }
          }
        )
      }),
    recent: (limit) =>
      mongoOperation("Outbox.recent", () => outbox.find().sort({ createdAt: -1, _id: -1 }).limit(limit).toArray()).pipe(
        Effect.map((documents) => documents.map(toOutboxRecord))
      )
  })
