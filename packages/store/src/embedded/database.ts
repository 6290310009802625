import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Effect, type Scope } from "effect"
import type { StoreError } from "../StoreError.ts"
import { type DataFolderInUse, holdDataFolder } from "./dataFolder.ts"
import { migrations } from "./schema.ts"
import { storeOperation } from "./storeOperation.ts"
import { makeTransaction } from "./transaction.ts"
import { prepareOwnerOnlyFile } from "./ownerOnlyFiles.ts"

/** Passed as `dataDir`, keeps the whole store in memory (nothing survives closing it). */
export const inMemory = ":memory:"

export const databaseFileName = "verity.sqlite"

/** The write-ahead log beside the database, which durableCommits.ts syncs; none in memory. */
export const walPathOf = (dataDir: string): string | undefined =>
  dataDir === inMemory ? undefined : `${join(dataDir, databaseFileName)}-wal`

/**
 * Takes the data folder (creating it if need be; one process at a time), then opens and migrates
 * the store's database; both are let go when the scope closes, the database first.
 */
export const openDatabase = (dataDir: string): Effect.Effect<DatabaseSync, StoreError | DataFolderInUse, Scope.Scope> =>
  Effect.andThen(
    dataDir === inMemory ? Effect.void : holdDataFolder(dataDir),
    Effect.acquireRelease(
      storeOperation("open", () => open(dataDir)),
      (db) => Effect.sync(() => db.close())
    )
  )

const open = (dataDir: string): DatabaseSync => {
  const file = dataDir === inMemory ? inMemory : join(dataDir, databaseFileName)
  // The folder was made owner-only by holdDataFolder when it was missing; an existing folder
  // keeps its mode: it may be the operator's, shared with more.
  if (file !== inMemory) prepareOwnerOnlyFile(file)
  const db = new DatabaseSync(file)
  try {
    configure(db)
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

const configure = (db: DatabaseSync): void => {
  // WAL lets reads proceed during a write and makes a commit one sequential append.
  db.exec("PRAGMA journal_mode = WAL")
  // NORMAL: a commit returns without an fsync, which FULL did on the event loop, making every
  // request wait for the disk on every commit. An acknowledged write still survives a power loss
  // or kill -9 (G5): no store answer is given before durableCommits.ts has synced the WAL, off
  // the event loop and once for every commit waiting. Checkpoints still sync (NORMAL does), in a
  // worker thread of their own (backgroundCheckpoints.ts), never in this connection's commits.
  db.exec("PRAGMA synchronous = NORMAL")
  // Another process on the same file (a CLI, a second server by mistake) waits instead of failing.
  db.exec("PRAGMA busy_timeout = 5000")
  db.exec("PRAGMA foreign_keys = ON")
  // Overwrites what an update or delete removes instead of leaving it in free space, so an email
  // redacted after delivery (or a deleted account) cannot be read back from the file.
  db.exec("PRAGMA secure_delete = ON")
}

const migrate = (db: DatabaseSync): void => {
  const current = db.prepare("PRAGMA user_version").get()?.["user_version"] as number
  if (current > migrations.length) {
    throw new Error(`The database schema (version ${current}) is newer than this build knows (${migrations.length}).`)
  }
  const transaction = makeTransaction(db)
  migrations.slice(current).forEach((migration, index) =>
    transaction(() => {
      db.exec(migration)
      db.exec(`PRAGMA user_version = ${current + index + 1}`)
    })
  )
}
