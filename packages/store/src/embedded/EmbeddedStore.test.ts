// Over 200 lines on purpose: what only the embedded adapter does (its file and schema version, the folder lock, earlier builds' databases), one case each.
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { storeContractSuite } from "../contract/storeContract.ts"
import { Sessions } from "../ports/Sessions.ts"
import { Users } from "../ports/Users.ts"
import { UserWrites } from "../ports/UserWrites.ts"
import { StoreError } from "../StoreError.ts"
import { DataFolderInUse } from "./dataFolder.ts"
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
    const userWrites = yield* UserWrites
    yield* userWrites.create({
      id,
      email: `${id}@example.com`,
      emailConfirmed: false,
      status: "active",
      passwordHash: "hash",
      createdAt: new Date().toISOString(),
      createdFrom: null
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

  it.effect("holds its data folder: a second open fails naming this process, and the folder is free once closed", () =>
    Effect.gen(function* () {
      const dataDir = yield* tempDir
      const secondOpen = yield* Effect.flip(
        Layer.build(EmbeddedStore.layer({ dataDir })).pipe(
          Effect.provide(EmbeddedStore.layer({ dataDir })),
          Effect.scoped
        )
      )
      expect(secondOpen).toBeInstanceOf(DataFolderInUse)
      expect(secondOpen).toMatchObject({ dataDir, holderPid: process.pid })
      yield* createUser("u1").pipe(Effect.provide(EmbeddedStore.layer({ dataDir })))
    })
  )

  it.effect("fails at once on a folder it can never create (Node's recursive mkdir would spin on it)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        createUser("u1").pipe(Effect.provide(EmbeddedStore.layer({ dataDir: "/proc/verity-test/data" })))
      )
      expect(error).toMatchObject({ _tag: "StoreError", operation: "open" })
    }).pipe(Effect.timeout("5 seconds"))
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

  it.effect("opens a database the previous build wrote, and reads its records in today's shape", () =>
    Effect.gen(function* () {
      const dataDir = yield* tempDir
      writeAsThePreviousBuild(join(dataDir, databaseFileName))

      const read = yield* Effect.gen(function* () {
        const users = yield* Users
        const sessions = yield* Sessions
        const userWrites = yield* UserWrites
        const before = yield* users.findByEmail("ada@example.com")
        const listed = yield* sessions.listActiveByUser("u1")
        const updated = yield* userWrites.update(
          "u1",
          { emailConfirmed: true },
          { stamp: { cause: "emailConfirmed", at: "2030-01-02T00:00:00.000Z" } }
        )
        return { before, listed, updated }
      }).pipe(Effect.provide(EmbeddedStore.layer({ dataDir })))

      // Version 2 means it changed since sign-up, so it may have been confirmed once: not deletable.
      const inTodaysShape = { ...previousBuildUser, createdFrom: null, everConfirmed: true, lastChange: null }
      expect(read.before).toEqual(Option.some(inTodaysShape))
      const { label: _neverSet, ...session } = previousBuildSession
      expect(read.listed).toEqual([session, { ...session, id: "s2", tokenHash: "hash-s2" }])
      expect(read.updated).toEqual(
        Option.some({
          ...inTodaysShape,
          emailConfirmed: true,
          version: 3,
          lastChange: { cause: "emailConfirmed", at: "2030-01-02T00:00:00.000Z" }
        })
      )
      expect(inspectFile(join(dataDir, databaseFileName), (db) => db.prepare("PRAGMA user_version").get())).toEqual({
        user_version: migrations.length
      })
    })
  )
})

/** The schema version of the build before stamps (`lastChange`) and with `SessionRecord.label`. */
const previousBuildSchemaVersion = 2

const previousBuildUser = {
  id: "u1",
  email: "ada@example.com",
  emailConfirmed: false,
  status: "active",
  passwordHash: "argon2id-hash",
  createdAt: "2030-01-01T00:00:00.000Z",
  version: 2
}

const previousBuildSession = {
  id: "s1",
  tokenHash: "hash-s1",
  userId: "u1",
  createdAt: "2030-01-01T00:00:00.000Z",
  lastSeenAt: "2030-01-01T00:01:00.000Z",
  expiresAt: "2030-02-01T00:00:00.000Z",
  userAgent: "Mozilla/5.0",
  ip: "192.0.2.1",
  label: null as string | null,
  revokedAt: null,
  revokedReason: null
}

/** Rows as that build's adapter wrote them: its schema, its statements, its documents. */
const writeAsThePreviousBuild = (path: string): void => {
  const db = new DatabaseSync(path)
  try {
    for (const migration of migrations.slice(0, previousBuildSchemaVersion)) db.exec(migration)
    db.exec(`PRAGMA user_version = ${previousBuildSchemaVersion}`)
    db.prepare("INSERT INTO users (id, email, version, doc) VALUES (?, ?, ?, ?)").run(
      previousBuildUser.id,
      previousBuildUser.email,
      previousBuildUser.version,
      JSON.stringify(previousBuildUser)
    )
    const insertSession = db.prepare(
      "INSERT INTO sessions (id, token_hash, user_id, created_at, revoked, doc) VALUES (?, ?, ?, ?, 0, ?)"
    )
    // The field was always null in practice; a value would go too.
    for (const session of [
      previousBuildSession,
      { ...previousBuildSession, id: "s2", tokenHash: "hash-s2", label: "laptop" }
    ]) {
      insertSession.run(session.id, session.tokenHash, session.userId, session.createdAt, JSON.stringify(session))
    }
  } finally {
    db.close()
  }
}
