import { EmailTaken } from "@verity/domain"
import { Effect } from "effect"
import type { UserRecord } from "../records.ts"
import { StoreError } from "../StoreError.ts"
import { UserWrites } from "../ports/UserWrites.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument } from "./documents.ts"

const initialVersion = 1

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

// Each write is one statement: the conditions sit in its WHERE clause, so they hold for the write
// itself. SQLite evaluates every SET expression against the old row, so the column's and the
// document's `version + 1` agree.
export const makeEmbeddedUserWrites = ({ db, operation, exclusive }: EmbeddedConnection): UserWrites["Service"] => {
  const insert = db.prepare("INSERT INTO users (id, email, version, doc) VALUES (?, ?, ?, ?)")
  const update = db.prepare(`
    UPDATE users
    SET version = version + 1,
        doc = json_set(json_patch(doc, :patch), '$.version', version + 1, '$.lastChange', json(:stamp))
    WHERE id = :id AND (:ifEmail IS NULL OR email = :ifEmail)
    RETURNING doc`)
  const changeEmail = db.prepare(`
    UPDATE users
    SET email = :to,
        version = version + 1,
        doc = json_set(doc,
          '$.email', :to,
          '$.emailConfirmed', json(:confirmed),
          '$.version', version + 1,
          '$.lastChange', json(:stamp))
    WHERE id = :id AND email = :from
    RETURNING doc`)

  return UserWrites.of({
    create: (user) =>
      exclusive(
        writeOperation("UserWrites.create", () => {
          // Only the record's fields, whatever else the argument carries at run time.
          const { id, email, emailConfirmed, status, passwordHash, createdAt } = user
          const record: UserRecord = {
            id,
            email,
            emailConfirmed,
            status,
            passwordHash,
            createdAt,
            version: initialVersion,
            lastChange: null
          }
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
      )
  })
}
