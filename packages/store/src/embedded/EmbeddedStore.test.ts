import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { storeContractSuite } from "../contract/storeContract.ts"
import { Users } from "../ports/Users.ts"
import { StoreError } from "../StoreError.ts"
import { databaseFileName, inMemory } from "./database.ts"
import { EmbeddedStore } from "./EmbeddedStore.ts"
import { migrations } from "./schema.ts"

const makeTempDir = () => mkdtemp(join(tmpdir(), "verity-store-"))

storeContractSuite("embedded", async () => {
  const dataDir = await makeTempDir()
  return {
    open: () => EmbeddedStore.layer({ dataDir }),
    remove: () => rm(dataDir, { recursive: true, force: true })
  }
})

const tempDir = Effect.acquireRelease(Effect.promise(makeTempDir), (dir) =>
  Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

const createUser = (id: string) =>
  Effect.gen(function* () {
    const users = yield* Users
    yield* users.create({
      id,
      email: `${id}@example.com`,
      emailConfirmed: false,
      status: "active",
      passwordHash: "hash",
      createdAt: new Date().toISOString()
    })
  })

/** Reads the file the way an operator would, after the store closed it. */
const inspectFile = <A>(path: string, read: (db: DatabaseSync) => A): A => {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

describe("embedded store (SQLite)", () => {
  it.effect("keeps one WAL-mode file in a dataDir it creates, at the latest schema version", () =>
    Effect.gen(function* () {
      const dataDir = join(yield* tempDir, "not", "yet", "there")
      yield* createUser("u1").pipe(Effect.provide(EmbeddedStore.layer({ dataDir })))

      const file = inspectFile(join(dataDir, databaseFileName), (db) => ({
        journalMode: db.prepare("PRAGMA journal_mode").get()?.["journal_mode"],
        schemaVersion: db.prepare("PRAGMA user_version").get()?.["user_version"],
        userIds: db
          .prepare("SELECT id FROM users")
          .all()
          .map((row) => row["id"])
      }))
      expect(file).toEqual({ journalMode: "wal", schemaVersion: migrations.length, userIds: ["u1"] })
    })
  )

  it.effect("refuses a database written by a newer build instead of guessing its schema", () =>
    Effect.gen(function* () {
      const dataDir = yield* tempDir
      const db = new DatabaseSync(join(dataDir, databaseFileName))
      db.exec(`PRAGMA user_version = ${migrations.length + 1}`)
      db.close()

      const error = yield* Effect.flip(createUser("u1").pipe(Effect.provide(EmbeddedStore.layer({ dataDir }))))
      expect(error).toBeInstanceOf(StoreError)
      expect(error).toMatchObject({ operation: "open" })
    })
  )

  it.effect('":memory:" gives a working store that keeps nothing once closed', () =>
    Effect.gen(function* () {
      const findU1 = Users.use((users) => users.findById("u1"))
      const found = yield* createUser("u1").pipe(
        Effect.andThen(findU1),
        Effect.provide(EmbeddedStore.layer({ dataDir: inMemory }))
      )
      expect(Option.isSome(found)).toBe(true)
      expect(yield* findU1.pipe(Effect.provide(EmbeddedStore.layer({ dataDir: inMemory })))).toEqual(Option.none())
    })
  )
})
