import type { StatementSync } from "node:sqlite"
import { RateLimiterSQLite } from "rate-limiter-flexible"
import { makeFlexibleRateLimits } from "../flexibleRateLimits.ts"
import type { RateLimits } from "../ports/RateLimits.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { makeTransaction } from "./transaction.ts"

/**
 * rate-limiter-flexible's SQLite store speaks the better-sqlite3 API; node:sqlite has the same
 * `prepare(sql).get/run`, and only lacks `transaction`, which this supplies. The library prepares
 * its statement on every call; the few distinct ones it uses are prepared once here instead.
 */
const asBetterSqlite3 = ({ db }: EmbeddedConnection) => {
  const transaction = makeTransaction(db)
  const statements = new Map<string, StatementSync>()
  return {
    prepare: (sql: string): StatementSync => {
      const cached = statements.get(sql)
      if (cached !== undefined) return cached
      const statement = db.prepare(sql)
      statements.set(sql, statement)
      return statement
    },
    transaction:
      <A>(body: () => A) =>
      () =>
        transaction(body)
  }
}

export const makeEmbeddedRateLimits = (connection: EmbeddedConnection): RateLimits["Service"] => {
  const client = asBetterSqlite3(connection)
  const takeBack = connection.db.prepare(`
    UPDATE rate_limits SET points = max(points - :points, 0)
    WHERE key = :key AND (expire IS NULL OR expire > :now)`)
  return makeFlexibleRateLimits({
    makeLimiter: (rule) =>
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
      }),
    takeBack: async (key, points) => {
      takeBack.run({ key, points, now: Date.now() })
    },
    exclusive: connection.exclusive,
    inTransaction: connection.inTransaction
  })
}
