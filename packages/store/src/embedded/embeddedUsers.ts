import type { DatabaseSync } from "node:sqlite"
import { EmailTaken } from "@verity/domain"
import { Effect } from "effect"
import type { UserRecord } from "../records.ts"
import { StoreError } from "../StoreError.ts"
import { Users } from "../ports/Users.ts"
import { readDocument } from "./documents.ts"
import { storeOperation } from "./storeOperation.ts"

const initialVersion = 1

// SQLITE_CONSTRAINT_UNIQUE on users.email. A duplicate id (SQLITE_CONSTRAINT_PRIMARYKEY) is the
// caller's bug, not a taken address, so it stays a StoreError.
const isEmailTaken = (cause: unknown): boolean =>
  cause instanceof Error &&
  (cause as Error & { errcode?: number }).errcode === 2067 &&
  cause.message.includes("users.email")

const userOperation = <A>(operation: string, run: () => A): Effect.Effect<A, EmailTaken | StoreError> =>
  Effect.try({
    try: run,
    catch: (cause) => (isEmailTaken(cause) ? new EmailTaken() : new StoreError({ operation, cause }))
  })

export const makeEmbeddedUsers = (db: DatabaseSync): Users["Service"] => {
  const insert = db.prepare("INSERT INTO users (id, email, version, doc) VALUES (?, ?, ?, ?)")
  const byId = db.prepare("SELECT doc FROM users WHERE id = ?")
  const byEmail = db.prepare("SELECT doc FROM users WHERE email = ?")
  // SQLite evaluates every SET expression against the old row, so both `version + 1` agree.
  const update = db.prepare(`
    UPDATE users
    SET email = coalesce(:email, email),
        version = version + 1,
        doc = json_set(json_patch(doc, :patch), '$.version', version + 1)
    WHERE id = :id
      AND (:ifEmail IS NULL OR email = :ifEmail)
      AND (:ifVersion IS NULL OR version = :ifVersion)
    RETURNING doc`)

  return Users.of({
    create: (user) =>
      userOperation("Users.create", () => {
        const record: UserRecord = { ...user, version: initialVersion }
        insert.run(record.id, record.email, record.version, JSON.stringify(record))
        return record
      }),
    findById: (id) => storeOperation("Users.findById", () => readDocument<UserRecord>(byId.get(id))),
    findByEmail: (email) => storeOperation("Users.findByEmail", () => readDocument<UserRecord>(byEmail.get(email))),
    update: (id, patch, condition) =>
      userOperation("Users.update", () => {
        // Only the patchable fields, whatever else the argument carries at run time.
        const { email, emailConfirmed, passwordHash, status } = patch
        return readDocument<UserRecord>(
          update.get({
            id,
            email: email ?? null,
            patch: JSON.stringify({ email, emailConfirmed, passwordHash, status }),
            ifEmail: condition?.email ?? null,
            ifVersion: condition?.version ?? null
          })
        )
      })
  })
}
