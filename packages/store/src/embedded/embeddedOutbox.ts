import { randomUUID } from "node:crypto"
import type { OutboxRecord } from "../records.ts"
import { newOutboxRecord, Outbox } from "../ports/Outbox.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocuments } from "./documents.ts"

// Messages queued before requests were recorded carry no `requestId`.
const withRequestId = (records: ReadonlyArray<OutboxRecord>): ReadonlyArray<OutboxRecord> =>
  records.map((record) => (record.requestId === undefined ? { ...record, requestId: null } : record))

export const makeEmbeddedOutbox = ({ db, operation }: EmbeddedConnection): Outbox["Service"] => {
  const insert = db.prepare("INSERT INTO outbox (id, created_at, next_attempt_at, settled, doc) VALUES (?, ?, ?, 0, ?)")
  const due = db.prepare(`
    SELECT doc FROM outbox
    WHERE settled = 0 AND next_attempt_at <= ?
    ORDER BY created_at, rowid LIMIT ?`)
  // A settled message (sent or given up) stays settled: a late report from a slow worker cannot revive it.
  const markSent = db.prepare(`
    UPDATE outbox
    SET settled = 1,
        doc = json_set(doc, '$.sentAt', :at, '$.attempts', json_extract(doc, '$.attempts') + 1, '$.mail', json(:kept))
    WHERE id = :id AND settled = 0`)
  const markFailed = db.prepare(`
    UPDATE outbox
    SET settled = :nextAttemptAt IS NULL,
        next_attempt_at = coalesce(:nextAttemptAt, next_attempt_at),
        doc = json_set(doc,
          '$.attempts', json_extract(doc, '$.attempts') + 1,
          '$.lastError', :error,
          '$.nextAttemptAt', coalesce(:nextAttemptAt, next_attempt_at),
          '$.failedAt', CASE WHEN :nextAttemptAt IS NULL THEN :at END,
          '$.mail', CASE WHEN :nextAttemptAt IS NULL THEN json(:kept) ELSE json(json_extract(doc, '$.mail')) END)
    WHERE id = :id AND settled = 0`)
  const recent = db.prepare("SELECT doc FROM outbox ORDER BY created_at DESC, rowid DESC LIMIT ?")
  // The `settled` prefix of outbox_due keeps this to the waiting rows, however many were sent.
  const backlog = db.prepare("SELECT count(*) AS count, min(created_at) AS oldest FROM outbox WHERE settled = 0")

  return Outbox.of({
    enqueue: (mail, at, requestId = null) =>
      operation("Outbox.enqueue", () => {
        const record = newOutboxRecord(randomUUID(), mail, at, requestId)
        insert.run(record.id, record.createdAt, record.nextAttemptAt, JSON.stringify(record))
        return record
      }),
    due: (now, limit) => operation("Outbox.due", () => withRequestId(readDocuments<OutboxRecord>(due.all(now, limit)))),
    markSent: (id, at, kept) =>
      operation("Outbox.markSent", () => {
        markSent.run({ id, at, kept: JSON.stringify(kept) })
      }),
    markFailed: (id, error, nextAttemptAt, at, keptIfGivenUp) =>
      operation("Outbox.markFailed", () => {
        markFailed.run({ id, error, nextAttemptAt, at, kept: JSON.stringify(keptIfGivenUp) })
      }),
    recent: (limit) => operation("Outbox.recent", () => withRequestId(readDocuments<OutboxRecord>(recent.all(limit)))),
    backlog: operation("Outbox.backlog", () => {
      const row = backlog.get() as { count: number; oldest: string | null }
      return { count: row.count, oldestCreatedAt: row.oldest }
    })
  })
}
