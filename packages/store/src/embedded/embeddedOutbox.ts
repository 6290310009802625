import { randomUUID } from "node:crypto"
import type { OutboxRecord } from "../records.ts"
import { newOutboxRecord, Outbox } from "../ports/Outbox.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocuments } from "./documents.ts"

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

  return Outbox.of({
    enqueue: (mail, at) =>
      operation("Outbox.enqueue", () => {
        const record = newOutboxRecord(randomUUID(), mail, at)
        insert.run(record.id, record.createdAt, record.nextAttemptAt, JSON.stringify(record))
        return record
      }),
    due: (now, limit) => operation("Outbox.due", () => readDocuments<OutboxRecord>(due.all(now, limit))),
    markSent: (id, at, kept) =>
      operation("Outbox.markSent", () => {
        markSent.run({ id, at, kept: JSON.stringify(kept) })
      }),
    markFailed: (id, error, nextAttemptAt, at, keptIfGivenUp) =>
      operation("Outbox.markFailed", () => {
        markFailed.run({ id, error, nextAttemptAt, at, kept: JSON.stringify(keptIfGivenUp) })
      }),
    recent: (limit) => operation("Outbox.recent", () => readDocuments<OutboxRecord>(recent.all(limit)))
  })
}
