import type { SessionTrailRecord, UserChangeDispatchedRecord } from "../records.ts"
import { SessionTrail } from "../ports/SessionTrail.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocuments } from "./documents.ts"
import { makeTransaction } from "./transaction.ts"

/** The version a record is filed under: what the session held after it, or the change's own. */
const userVersionOf = (record: SessionTrailRecord): number => {
  switch (record.kind) {
    case "stepped":
    case "touched":
      return record.userVersionAfter
    case "started":
    case "evicted":
    case "dispatched":
      return record.userVersion
  }
}

export const makeEmbeddedSessionTrail = ({ db, operation }: EmbeddedConnection): SessionTrail["Service"] => {
  const transaction = makeTransaction(db)
  const insert = db.prepare(`
    INSERT INTO session_trail (id, user_id, session_id, kind, at, seq, user_version, expires_at, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  // Lists travel as one JSON array parameter, so each statement is prepared once whatever their length.
  const overTheBound = db.prepare(`
    SELECT session_id, kind FROM session_trail
    WHERE session_id IN (SELECT value FROM json_each(:ids))
    GROUP BY session_id, kind HAVING count(*) > :keep`)
  const pruneOldest = db.prepare(`
    DELETE FROM session_trail WHERE rowid IN (
      SELECT rowid FROM session_trail WHERE session_id = :sessionId AND kind = :kind
      ORDER BY at DESC, seq DESC LIMIT -1 OFFSET :keep)`)
  const ofSession = db.prepare(`
    SELECT doc FROM (
      SELECT doc, at, seq FROM session_trail WHERE session_id = ? ORDER BY at DESC, seq DESC LIMIT ?)
    ORDER BY at, seq`)
  const ofUser = db.prepare(`
    SELECT doc FROM session_trail
    WHERE user_id = :userId AND at >= :since
      AND (:kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds)))
    ORDER BY at DESC, seq DESC LIMIT :limit`)
  const latestOfSessions = db.prepare(`
    SELECT doc FROM session_trail WHERE rowid IN (
      SELECT (
        SELECT rowid FROM session_trail
        WHERE session_id = ids.value AND (:before IS NULL OR at < :before)
        ORDER BY at DESC, seq DESC LIMIT 1)
      FROM json_each(:ids) AS ids)
    ORDER BY at, seq`)
  const dispatchesOf = db.prepare(`
    SELECT doc FROM session_trail
    WHERE user_id = ? AND kind = 'dispatched' AND user_version = ?
    ORDER BY at, seq`)
  const expire = db.prepare("DELETE FROM session_trail WHERE expires_at <= ?")

  return SessionTrail.of({
    append: (records, { keepPerSessionAndKind }) =>
      operation("SessionTrail.append", () =>
        transaction(() => {
          const sessionIds = new Set<string>()
          for (const record of records) {
            insert.run(
              record.id,
              record.userId,
              record.sessionId,
              record.kind,
              record.at,
              record.seq,
              userVersionOf(record),
              record.expiresAt,
              JSON.stringify(record)
            )
            if (record.sessionId !== null) sessionIds.add(record.sessionId)
          }
          if (sessionIds.size === 0) return
          const crowded = overTheBound.all({ ids: JSON.stringify([...sessionIds]), keep: keepPerSessionAndKind })
          for (const row of crowded) {
            pruneOldest.run({
              sessionId: row["session_id"] as string,
              kind: row["kind"] as string,
              keep: keepPerSessionAndKind
            })
          }
        })
      ),
    ofSession: (sessionId, limit) =>
      operation("SessionTrail.ofSession", () => readDocuments<SessionTrailRecord>(ofSession.all(sessionId, limit))),
    ofUser: (userId, { limit, since, kinds }) =>
      operation("SessionTrail.ofUser", () =>
        readDocuments<SessionTrailRecord>(
          ofUser.all({
            userId,
            since: since ?? "",
            kinds: kinds === undefined ? null : JSON.stringify(kinds),
            limit
          })
        )
      ),
    latestOfSessions: (sessionIds, options) =>
      operation("SessionTrail.latestOfSessions", () =>
        readDocuments<SessionTrailRecord>(
          latestOfSessions.all({ ids: JSON.stringify(sessionIds), before: options?.before ?? null })
        )
      ),
    dispatchesOf: (userId, version) =>
      operation("SessionTrail.dispatchesOf", () =>
        readDocuments<UserChangeDispatchedRecord>(dispatchesOf.all(userId, version))
      ),
    expire: (now) => operation("SessionTrail.expire", () => Number(expire.run(now).changes))
  })
}
