import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { prepareOwnerOnlyFile } from "./ownerOnlyFiles.ts"
import { dirname, join, resolve } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Effect, Schema, type Scope } from "effect"
import { StoreError } from "../StoreError.ts"

/** Another process (a second server by mistake) holds the data folder. */
export class DataFolderInUse extends Schema.TaggedError<DataFolderInUse>()("DataFolderInUse", {
  dataDir: Schema.String,
  /** From the holder's pid file; null if it could not be read (it was starting or stopping). */
  holderPid: Schema.NullOr(Schema.Number)
}) {
  override get message() {
    const holder = this.holderPid === null ? "another process" : `process ${this.holderPid}`
    return `${this.dataDir} is in use by ${holder}`
  }
}

export const lockFileName = "verity.lock"
export const pidFileName = "verity.pid"

// SQLite's result code for a lock another connection holds.
const sqliteBusy = 5

/**
 * Creates the folder and its missing parents one level at a time. Not `mkdirSync(…, { recursive:
 * true })`: on a path it can never create, such as one under /proc, Node's recursive mkdir keeps
 * retrying forever on one CPU core (and, being synchronous, never lets SIGTERM through).
 */
const createFolder = (dataDir: string): void => {
  const missing: Array<string> = []
  for (let folder = resolve(dataDir); !existsSync(folder); folder = dirname(folder)) {
    missing.unshift(folder)
    if (dirname(folder) === folder) break
  }
  // The store holds password and token hashes: a folder it makes is its own user's only.
  for (const folder of missing) mkdirSync(folder, folder === missing.at(-1) ? { mode: 0o700 } : {})
}

const readHolderPid = (dataDir: string): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, pidFileName), "utf8"), 10)
    return Number.isSafeInteger(pid) ? pid : null
  } catch {
    return null
  }
}

/**
 * One server per data folder: a second one would keep its own live sessions, which never hear
 * of the first one's changes (a session revoked there would still be accepted here).
 *
 * The lock is an exclusive SQLite lock (`locking_mode = EXCLUSIVE`, taken by a write) on a file
 * of its own, held until the connection closes. It is the operating system's file lock, so it is
 * gone the moment its process dies, even by kill -9: a crashed server never blocks the next
 * start, with no staleness to guess from a timestamp or a pid that may have been reused. The
 * database file itself is not locked this way, so read-only tools can still open it. The
 * holder's pid goes into a plain file beside it, only to name it to whoever finds the folder taken.
 */
const lock = (dataDir: string): DatabaseSync => {
  const file = join(dataDir, lockFileName)
  prepareOwnerOnlyFile(file)
  const db = new DatabaseSync(file)
  try {
    db.exec("PRAGMA locking_mode = EXCLUSIVE")
    db.exec("BEGIN EXCLUSIVE")
    db.exec("CREATE TABLE IF NOT EXISTS holder (pid INTEGER)")
    db.exec("COMMIT")
  } catch (error) {
    db.close()
    throw error
  }
  writeFileSync(join(dataDir, pidFileName), `${process.pid}\n`, { mode: 0o600 })
  return db
}

const unlock = (dataDir: string, db: DatabaseSync): void => {
  rmSync(join(dataDir, pidFileName), { force: true })
  db.close()
}

const isBusy = (error: unknown) => (error as { errcode?: unknown } | null)?.errcode === sqliteBusy

/** Creates the data folder if need be and holds it for this process until the scope closes. */
export const holdDataFolder = (dataDir: string): Effect.Effect<void, DataFolderInUse | StoreError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        createFolder(dataDir)
        return lock(dataDir)
      },
      catch: (cause) =>
        isBusy(cause)
          ? new DataFolderInUse({ dataDir, holderPid: readHolderPid(dataDir) })
          : new StoreError({ operation: "open", cause })
    }),
    (db) => Effect.sync(() => unlock(dataDir, db))
  ).pipe(Effect.asVoid)
