import { chmodSync, closeSync, existsSync, openSync } from "node:fs"

// The data folder holds password hashes, session and token hashes and undelivered emails: only
// the server's own user may read any file in it. SQLite gives the -wal and -shm files the mode of
// their database file, so making that one owner-only before SQLite opens it covers them too.
const fileMode = 0o600

/**
 * Creates `file` owner-only, and tightens it and its SQLite companions when an earlier build left
 * them readable by others, before SQLite opens it.
 */
export const prepareOwnerOnlyFile = (file: string): void => {
  closeSync(openSync(file, "a", fileMode))
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path)) chmodSync(path, fileMode)
  }
}
