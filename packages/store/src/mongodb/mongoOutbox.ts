import { Effect } from "effect"
import { type Collection, ObjectId } from "mongodb"
import { newOutboxRecord, Outbox } from "../ports/Outbox.ts"
import type { OutboxRecord } from "../records.ts"
import type { OutboxDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

const toOutboxRecord = (document: OutboxDocument): OutboxRecord => ({
  id: document._id,
  mail: document.mail,
  createdAt: document.createdAt,
  attempts: document.attempts,
  nextAttemptAt: document.nextAttemptAt,
  sentAt: document.sentAt,
  failedAt: document.failedAt,
  lastError: document.lastError,
  // Messages queued before requests were recorded carry none.
  requestId: document.requestId ?? null
})

// Neither sent nor given up. A settled message stays settled: a late report from a slow worker
// cannot revive it.
const unsettled = { sentAt: null, failedAt: null } as const

export const makeMongoOutbox = (
  outbox: Collection<OutboxDocument>,
  { operation }: MongoConnection
): Outbox["Service"] =>
  Outbox.of({
    enqueue: (mail, at, requestId = null) =>
      operation("Outbox.enqueue", async (options) => {
        // An ObjectId's hex grows with time and, within one process, with every id made, so
        // sorting by it after createdAt keeps mails enqueued in the same millisecond in order.
        const record = newOutboxRecord(new ObjectId().toHexString(), mail, at, requestId)
        const { id, ...fields } = record
        await outbox.insertOne({ _id: id, ...fields }, options)
        return record
      }),
    due: (now, limit) =>
      operation("Outbox.due", (options) =>
        outbox
          .find({ ...unsettled, nextAttemptAt: { $lte: now } }, options)
          .sort({ createdAt: 1, _id: 1 })
          .limit(limit)
          .toArray()
      ).pipe(Effect.map((documents) => documents.map(toOutboxRecord))),
    markSent: (id, at, kept) =>
      operation("Outbox.markSent", async (options) => {
        await outbox.updateOne(
          { _id: id, ...unsettled },
          { $set: { sentAt: at, mail: kept }, $inc: { attempts: 1 } },
          options
        )
      }),
    markFailed: (id, error, nextAttemptAt, at, keptIfGivenUp) =>
      operation("Outbox.markFailed", async (options) => {
        await outbox.updateOne(
          { _id: id, ...unsettled },
          {
            $set:
              nextAttemptAt === null
                ? { lastError: error, failedAt: at, mail: keptIfGivenUp }
                : { lastError: error, nextAttemptAt },
            $inc: { attempts: 1 }
          },
          options
        )
      }),
    backlog: operation("Outbox.backlog", async (options) => {
      const [count, oldest] = await Promise.all([
        outbox.countDocuments(unsettled, options),
        outbox.find(unsettled, options).sort({ createdAt: 1, _id: 1 }).limit(1).toArray()
      ])
      return { count, oldestCreatedAt: oldest[0]?.createdAt ?? null }
    }),
    recent: (limit) =>
      operation("Outbox.recent", (options) =>
        outbox.find({}, options).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray()
      ).pipe(Effect.map((documents) => documents.map(toOutboxRecord)))
  })
