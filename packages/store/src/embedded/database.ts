import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Effect, type Scope } from "effect"
import type { StoreError } from "../StoreError.ts"
import { migrations } from "./schema.ts"
import { storeOperation } from "./storeOperation.ts"
import { makeTransaction } from "./transaction.ts"

/** Passed as `dataDir`, keeps the whole store in memory (nothing survives closing it). */
export const inMemory = ":memory:"

export const databaseFileName = "verity.sqlite"

/** Opens (creating if need be) and migrates the store's database; it is closed with the scope. */
export const openDatabase = (dataDir: string): Effect.Effect<DatabaseSync, StoreError, Scope.Scope> =>
  Effect.acquireRelease(
    storeOperation("open", () => open(dataDir)),
    (db) => Effect.sync(() => db.close())
  )

// The store holds password hashes, session and token hashes and undelivered emails: only the
// server's own user may read it. SQLite gives the -wal and -shm files the database file's mode.
const folderMode = 0o700
const fileMode = 0o600

/**
 * Creates the folder (when missing) and the database file owner-only, and tightens files an
 * earlier build left readable by others, before SQLite opens them (and creates its -wal and -shm
 * beside them). An existing folder keeps its mode: it may be the operator's, shared with more.
 */
const prepareFiles = (dataDir: string, file: string): void => {
  mkdirSync(dataDir, { recursive: true, mode: folderMode })
  closeSync(openSync(file, "a", fileMode))
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, fileMode)
}

const open = (dataDir: string): DatabaseSync => {
  const file = dataDir === inMemory ? inMemory : join(dataDir, databaseFileName)
  if (file !== inMemory) prepareFiles(dataDir, file)
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
