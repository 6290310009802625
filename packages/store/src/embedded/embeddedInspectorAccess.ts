import type { InspectorAccessRecord, InspectorAuditRecord } from "../records.ts"
import { InspectorAccess } from "../ports/InspectorAccess.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument, readDocuments } from "./documents.ts"
import { makeTransaction } from "./transaction.ts"

export const makeEmbeddedInspectorAccess = ({ db, operation }: EmbeddedConnection): InspectorAccess["Service"] => {
  const transaction = makeTransaction(db)
  const insertAccess = db.prepare(
    "INSERT INTO inspector_accesses (id, token_hash, ended, expires_at, doc) VALUES (?, ?, ?, ?, ?)"
  )
  const byTokenHash = db.prepare("SELECT doc FROM inspector_accesses WHERE token_hash = ?")
  // `ended = 0` in the WHERE clause makes ending final: an ended access never matches again.
  const end = db.prepare(`
    UPDATE inspector_accesses SET ended = 1, doc = json_set(doc, '$.endedAt', :at)
    WHERE id = :id AND ended = 0`)
  const insertEntry = db.prepare("INSERT INTO inspector_audit (id, at, expires_at, doc) VALUES (?, ?, ?, ?)")
  const recent = db.prepare("SELECT doc FROM inspector_audit ORDER BY at DESC, rowid DESC LIMIT ?")
  const expireAccesses = db.prepare("DELETE FROM inspector_accesses WHERE expires_at <= ?")
  const expireEntries = db.prepare("DELETE FROM inspector_audit WHERE expires_at <= ?")

  return InspectorAccess.of({
    open: (access) =>
      operation("InspectorAccess.open", () => {
        insertAccess.run(
          access.id,
          access.tokenHash,
          access.endedAt === null ? 0 : 1,
          access.expiresAt,
          JSON.stringify(access)
        )
      }),
    findByTokenHash: (tokenHash) =>
      operation("InspectorAccess.findByTokenHash", () =>
        readDocument<InspectorAccessRecord>(byTokenHash.get(tokenHash))
      ),
    end: (id, at) => operation("InspectorAccess.end", () => end.run({ id, at }).changes === 1),
    record: (entry) =>
      operation("InspectorAccess.record", () => {
        insertEntry.run(entry.id, entry.at, entry.expiresAt, JSON.stringify(entry))
      }),
    auditLog: (limit) =>
      operation("InspectorAccess.auditLog", () => readDocuments<InspectorAuditRecord>(recent.all(limit))),
    expire: (now) =>
      operation("InspectorAccess.expire", () =>
        transaction(() => Number(expireAccesses.run(now).changes) + Number(expireEntries.run(now).changes))
      )
  })
}
