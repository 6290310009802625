import type { SessionRecord } from "../records.ts"
import { Sessions } from "../ports/Sessions.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument, readDocuments } from "./documents.ts"

export const makeEmbeddedSessions = ({ db, operation }: EmbeddedConnection): Sessions["Service"] => {
  const insert = db.prepare(
    "INSERT INTO sessions (id, token_hash, user_id, created_at, revoked, doc) VALUES (?, ?, ?, ?, ?, ?)"
  )
  const byTokenHash = db.prepare("SELECT doc FROM sessions WHERE token_hash = ?")
  const byId = db.prepare("SELECT doc FROM sessions WHERE id = ?")
  const activeByUser = db.prepare(
    "SELECT doc FROM sessions WHERE user_id = ? AND revoked = 0 ORDER BY created_at, rowid"
  )
  const recentByUser = db.prepare(
    "SELECT doc FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?"
  )
  const touch = db.prepare("UPDATE sessions SET doc = json_set(doc, '$.lastSeenAt', ?) WHERE id = ?")
  // `revoked = 0` in the WHERE clause is what makes revocation final: a revoked row never matches again.
  const revoke = db.prepare(`
    UPDATE sessions
    SET revoked = 1, doc = json_set(doc, '$.revokedAt', :at, '$.revokedReason', :reason)
    WHERE id = :id AND revoked = 0`)
  const revokeAllOfUser = db.prepare(`
    UPDATE sessions
    SET revoked = 1, doc = json_set(doc, '$.revokedAt', :at, '$.revokedReason', :reason)
    WHERE user_id = :userId AND revoked = 0 AND (:exceptId IS NULL OR id <> :exceptId)
    RETURNING id`)

  return Sessions.of({
    create: (session) =>
      operation("Sessions.create", () => {
        insert.run(
          session.id,
          session.tokenHash,
          session.userId,
          session.createdAt,
          session.revokedAt === null ? 0 : 1,
          JSON.stringify(session)
        )
      }),
    findByTokenHash: (tokenHash) =>
      operation("Sessions.findByTokenHash", () => readDocument<SessionRecord>(byTokenHash.get(tokenHash))),
    findById: (id) => operation("Sessions.findById", () => readDocument<SessionRecord>(byId.get(id))),
    listActiveByUser: (userId) =>
      operation("Sessions.listActiveByUser", () => readDocuments<SessionRecord>(activeByUser.all(userId))),
    listRecentByUser: (userId, limit) =>
      operation("Sessions.listRecentByUser", () => readDocuments<SessionRecord>(recentByUser.all(userId, limit))),
    touch: (id, lastSeenAt) =>
      operation("Sessions.touch", () => {
        touch.run(lastSeenAt, id)
      }),
    revoke: (id, reason, at) => operation("Sessions.revoke", () => revoke.run({ id, reason, at }).changes === 1),
    revokeAllOfUser: (userId, reason, at, exceptSessionId) =>
      operation("Sessions.revokeAllOfUser", () =>
        revokeAllOfUser.all({ userId, reason, at, exceptId: exceptSessionId ?? null }).map((row) => row["id"] as string)
      )
  })
}
