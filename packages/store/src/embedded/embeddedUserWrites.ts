import { EmailTaken } from "@verity/domain"
import { Effect, Option } from "effect"
import type { UserRecord } from "../records.ts"
import { newUserRecord } from "../newUserRecord.ts"
import { StoreError } from "../StoreError.ts"
import { UserWrites } from "../ports/UserWrites.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument } from "./documents.ts"
import { makeTransaction } from "./transaction.ts"

// SQLITE_CONSTRAINT_UNIQUE on users.email. A duplicate id (SQLITE_CONSTRAINT_PRIMARYKEY) is the
// caller's bug, not a taken address, so it stays a StoreError.
const isEmailTaken = (cause: unknown): boolean =>
  cause instanceof Error &&
  (cause as Error & { errcode?: number }).errcode === 2067 &&
  cause.message.includes("users.email")

const writeOperation = <A>(operation: string, run: () => A): Effect.Effect<A, EmailTaken | StoreError> =>
  Effect.try({
    try: run,
    catch: (cause) => (isEmailTaken(cause) ? new EmailTaken() : new StoreError({ operation, cause }))
  })

// Each change is one statement: the conditions sit in its WHERE clause, so they hold for the write
// itself. SQLite evaluates every SET expression against the old row, so the column's and the
// document's `version + 1` agree. A deletion is one synchronous group (nothing interleaves), its
// condition read and its deletes inside one savepoint.
export const makeEmbeddedUserWrites = ({ db, operation, exclusive }: EmbeddedConnection): UserWrites["Service"] => {
  const transaction = makeTransaction(db)
  const insert = db.prepare("INSERT INTO users (id, email, version, doc) VALUES (?, ?, ?, ?)")
  const update = db.prepare(`
    UPDATE users
    SET version = version + 1,
        doc = json_set(json_patch(doc, :patch),
          '$.version', version + 1,
          '$.lastChange', json(:stamp),
          '$.everConfirmed', json(CASE
            WHEN json_extract(doc, '$.everConfirmed') OR coalesce(json_extract(:patch, '$.emailConfirmed'), 0)
            THEN 'true' ELSE 'false' END))
    WHERE id = :id AND (:ifEmail IS NULL OR email = :ifEmail)
    RETURNING doc`)
  const changeEmail = db.prepare(`
    UPDATE users
    SET email = :to,
        version = version + 1,
        doc = json_set(doc,
          '$.email', :to,
          '$.emailConfirmed', json(:confirmed),
          '$.everConfirmed', json(CASE WHEN json_extract(doc, '$.everConfirmed') OR :confirmed = 'true' THEN 'true' ELSE 'false' END),
          '$.version', version + 1,
          '$.lastChange', json(:stamp))
    WHERE id = :id AND email = :from
    RETURNING doc`)
  const neverConfirmed = db.prepare(`
    SELECT doc FROM users
    WHERE id = ? AND email = ? AND json_extract(doc, '$.everConfirmed') = 0`)
  // Its sessions and tokens reference the user (foreign keys), so they go first.
  const deleteTokensOfUser = db.prepare("DELETE FROM one_time_tokens WHERE user_id = ?")
  const deleteSessionsOfUser = db.prepare("DELETE FROM sessions WHERE user_id = ?")
  const deleteUser = db.prepare("DELETE FROM users WHERE id = ?")

  return UserWrites.of({
    create: (user) =>
      exclusive(
        writeOperation("UserWrites.create", () => {
          const record = newUserRecord(user)
          insert.run(record.id, record.email, record.version, JSON.stringify(record))
          return record
        })
      ),
    update: (id, patch, { stamp, ifEmail }) =>
      operation("UserWrites.update", () => {
        const { emailConfirmed, passwordHash, status } = patch
        return readDocument<UserRecord>(
          update.get({
            id,
            patch: JSON.stringify({ emailConfirmed, passwordHash, status }),
            stamp: JSON.stringify({ cause: stamp.cause, at: stamp.at }),
            ifEmail: ifEmail ?? null
          })
        )
      }),
    changeEmail: (id, { from, to, confirmed }, stamp) =>
      exclusive(
        writeOperation("UserWrites.changeEmail", () =>
          readDocument<UserRecord>(
            changeEmail.get({
              id,
              from,
              to,
              confirmed: JSON.stringify(confirmed),
              stamp: JSON.stringify({ cause: stamp.cause, at: stamp.at })
            })
          )
        )
      ),
    deleteUnconfirmed: (id, email) =>
      operation("UserWrites.deleteUnconfirmed", () =>
        transaction(() => {
          const found = readDocument<UserRecord>(neverConfirmed.get(id, email))
          if (Option.isNone(found)) return found
          deleteTokensOfUser.run(id)
          deleteSessionsOfUser.run(id)
          deleteUser.run(id)
          return found
        })
      )
  })
}
