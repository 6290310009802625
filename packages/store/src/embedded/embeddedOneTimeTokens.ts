import type { OneTimeTokenRecord } from "../records.ts"
import { OneTimeTokens } from "../ports/OneTimeTokens.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument } from "./documents.ts"

export const makeEmbeddedOneTimeTokens = ({ db, operation }: EmbeddedConnection): OneTimeTokens["Service"] => {
  const insert = db.prepare(`
    INSERT INTO one_time_tokens (id, link_hash, user_id, purpose, created_at, consumed_at, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const byLinkHash = db.prepare("SELECT doc FROM one_time_tokens WHERE link_hash = ?")
  const active = db.prepare(`
    SELECT doc FROM one_time_tokens
    WHERE user_id = ? AND purpose = ? AND consumed_at IS NULL
    ORDER BY created_at DESC, rowid DESC LIMIT 1`)
  const latest = db.prepare(`
    SELECT doc FROM one_time_tokens
    WHERE user_id = ? AND purpose = ?
    ORDER BY created_at DESC, rowid DESC LIMIT 1`)
  // The `consumed_at IS NULL` condition makes this a compare-and-set: of two concurrent uses, one changes the row.
  const consume = db.prepare(`
    UPDATE one_time_tokens
    SET consumed_at = :at, doc = json_set(doc, '$.consumedAt', :at)
    WHERE id = :id AND consumed_at IS NULL`)
  const recordCodeAttempt = db.prepare(`
    UPDATE one_time_tokens
    SET doc = json_set(doc, '$.codeAttempts', json_extract(doc, '$.codeAttempts') + 1)
    WHERE id = ?
    RETURNING json_extract(doc, '$.codeAttempts') AS codeAttempts`)
  // The purposes come as one JSON array, so one prepared statement serves any set of them.
  const consumeOfUser = db.prepare(`
    UPDATE one_time_tokens
    SET consumed_at = :at, doc = json_set(doc, '$.consumedAt', :at)
    WHERE user_id = :userId AND consumed_at IS NULL AND purpose IN (SELECT value FROM json_each(:purposes))`)

  return OneTimeTokens.of({
    issue: (token) =>
      operation("OneTimeTokens.issue", () => {
        insert.run(
          token.id,
          token.linkHash,
          token.userId,
          token.purpose,
          token.createdAt,
          token.consumedAt,
          JSON.stringify(token)
        )
      }),
    findByLinkHash: (linkHash) =>
      operation("OneTimeTokens.findByLinkHash", () => readDocument<OneTimeTokenRecord>(byLinkHash.get(linkHash))),
    findActive: (userId, purpose) =>
      operation("OneTimeTokens.findActive", () => readDocument<OneTimeTokenRecord>(active.get(userId, purpose))),
    findLatest: (userId, purpose) =>
      operation("OneTimeTokens.findLatest", () => readDocument<OneTimeTokenRecord>(latest.get(userId, purpose))),
    consume: (id, at) => operation("OneTimeTokens.consume", () => consume.run({ id, at }).changes === 1),
    recordCodeAttempt: (id) =>
      operation("OneTimeTokens.recordCodeAttempt", () => {
        const row = recordCodeAttempt.get(id)
        if (row === undefined) throw new Error(`No one-time token ${id}`)
        return row["codeAttempts"] as number
      }),
    consumeOfUser: (userId, purposes, at) =>
      operation("OneTimeTokens.consumeOfUser", () => {
        consumeOfUser.run({ userId, purposes: JSON.stringify(purposes), at })
      })
  })
}
