import type { DatabaseSync } from "node:sqlite"

export type Transaction = <A>(body: () => A) => A

/**
 * Runs `body` atomically. BEGIN IMMEDIATE takes the write lock up front, so a transaction that
 * reads before it writes cannot fail half-way with SQLITE_BUSY when another connection (say, a
 * second process on the same file) wrote in between. Within this process no other fiber can
 * interleave: every statement is synchronous, so `body` runs start to end without yielding.
 */
export const makeTransaction = (db: DatabaseSync): Transaction => {
  const begin = db.prepare("BEGIN IMMEDIATE")
  const commit = db.prepare("COMMIT")
  const rollback = db.prepare("ROLLBACK")
  return (body) => {
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
