import type { DatabaseSync } from "node:sqlite"

export type Transaction = <A>(body: () => A) => A

/**
 * Runs `body`, a group of synchronous statements, atomically. No other fiber can interleave:
 * the statements are synchronous, so `body` runs start to end without yielding.
 *
 * Outside a transaction it opens one (BEGIN IMMEDIATE takes the write lock up front, so a group
 * that reads before it writes cannot fail half-way with SQLITE_BUSY when another process wrote in
 * between). Inside `StoreTransactions.transact` it is a savepoint instead: SQLite cannot nest
 * BEGIN, and a failed group must still undo its own statements even when the caller catches the
 * error and lets the outer transaction commit.
 */
export const makeTransaction = (db: DatabaseSync): Transaction => {
  const begin = db.prepare("BEGIN IMMEDIATE")
  const commit = db.prepare("COMMIT")
  const rollback = db.prepare("ROLLBACK")
  const savepoint = db.prepare("SAVEPOINT store_operation")
  const releaseSavepoint = db.prepare("RELEASE store_operation")
  const rollbackToSavepoint = db.prepare("ROLLBACK TO store_operation")
  return (body) => {
    if (db.isTransaction) {
      savepoint.run()
      try {
        const result = body()
        releaseSavepoint.run()
        return result
      } catch (error) {
        // The outer transaction may already be gone (some errors make SQLite roll back by itself).
        if (db.isTransaction) {
          rollbackToSavepoint.run()
          releaseSavepoint.run()
        }
        throw error
      }
    }
    begin.run()
    try {
      const result = body()
      commit.run()
      return result
    } catch (error) {
      // Some errors make SQLite roll back by itself; a second ROLLBACK would throw and hide the first error.
      if (db.isTransaction) rollback.run()
      throw error
    }
  }
}
