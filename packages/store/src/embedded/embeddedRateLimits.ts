import type { DatabaseSync } from "node:sqlite"
import { RateLimiterSQLite } from "rate-limiter-flexible"
import { RateLimits } from "../ports/RateLimits.ts"
import { storeOperation } from "./storeOperation.ts"
import type { Transaction } from "./transaction.ts"

/**
 * rate-limiter-flexible's SQLite store speaks the better-sqlite3 API; node:sqlite has the same
 * `prepare(sql).get/run`, and only lacks `transaction`, which this supplies.
 */
const asBetterSqlite3 = (db: DatabaseSync, transaction: Transaction) => ({
  prepare: (sql: string) => db.prepare(sql),
  transaction:
    <A>(body: () => A) =>
    () =>
      transaction(body)
})

export const makeEmbeddedRateLimits = (db: DatabaseSync, transaction: Transaction) => {
  const client = asBetterSqlite3(db, transaction)
  return RateLimits.of({
    limiter: (rule) =>
      storeOperation(
        "RateLimits.limiter",
        () =>
          new RateLimiterSQLite({
            storeClient: client,
            storeType: "better-sqlite3",
            // Created by the store's own migrations; expired rows are simply overwritten.
            tableName: "rate_limits",
            tableCreated: true,
            clearExpiredByTimeout: false,
            keyPrefix: rule.name,
            points: rule.points,
            duration: rule.windowSeconds,
            ...(rule.blockSeconds === undefined ? {} : { blockDuration: rule.blockSeconds })
          })
      )
  })
}
