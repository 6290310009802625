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
  // FULL syncs the WAL on every commit: a write the API acknowledged survives a power loss or
  // kill -9 (G5). NORMAL would be faster but may lose the last commits on power loss.
  db.exec("PRAGMA synchronous = FULL")
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
