import type { DatabaseSync } from "node:sqlite"
import { Context, Effect, Exit, Semaphore } from "effect"
import type { StoreTransactions } from "../ports/StoreTransactions.ts"
import type { StoreError } from "../StoreError.ts"
import type { DurableCommits } from "./durableCommits.ts"
import { storeOperation } from "./storeOperation.ts"

/**
 * The embedded store's one SQLite connection, shared by every fiber of the process.
 *
 * A transaction on a connection is the connection's state, not a fiber's: between BEGIN and
 * COMMIT, any statement on it is part of the transaction. Fibers interleave at every yield, so
 * without a rule another fiber's write could land inside an open transaction (and be rolled back
 * with it), or its read could see rows not yet committed. The rule is the one Effect's own
 * `@effect/sql-sqlite-node` client follows: a semaphore of one permit around every operation, and
 * a transaction takes that permit once, for its whole duration. Operations inside the
 * transaction find it through a fiber-local reference and run without taking the permit again,
 * so they cannot deadlock on their own transaction.
 *
 * Whatever ran with the permit is answered only once it is durable (durableCommits.ts): the
 * permit is let go first, so the next operation runs while the disk syncs, and commits that land
 * meanwhile share the next sync.
 */
export type EmbeddedConnection = {
  readonly db: DatabaseSync
  /**
   * Runs `effect` with the connection to itself: after whatever operation or transaction of
   * another fiber holds it, or at once inside this fiber's own transaction.
   */
  readonly exclusive: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
  /** One synchronous SQLite call (or group of calls) as a store operation, with the connection to itself. */
  readonly operation: <A>(name: string, run: () => A) => Effect.Effect<A, StoreError>
  readonly transact: StoreTransactions["Service"]["transact"]
  /** Whether the current fiber runs inside a transaction of this connection. */
  readonly inTransaction: Effect.Effect<boolean>
}

/**
 * The connection whose transaction the current fiber runs in, if any. It names the connection
 * rather than being a flag so that two stores open in one process (tests do that) never mistake
 * each other's transactions for their own.
 */
const CurrentTransaction = Context.Reference<DatabaseSync | undefined>("@verity/store/embedded/CurrentTransaction", {
  defaultValue: () => undefined
})

export const makeEmbeddedConnection = (db: DatabaseSync, durable: DurableCommits): EmbeddedConnection => {
  const permit = Semaphore.makeUnsafe(1)
  // BEGIN IMMEDIATE takes SQLite's write lock up front, so a transaction that reads before it
  // writes cannot fail half-way with SQLITE_BUSY because another process wrote in between.
  const begin = db.prepare("BEGIN IMMEDIATE")
  const commit = db.prepare("COMMIT")
  const rollback = db.prepare("ROLLBACK")

  const inTransaction = Effect.map(CurrentTransaction, (current) => current === db)

  /**
   * Runs `effect` with the permit; once it has let go of the permit, waits until every commit up
   * to the moment it finished is durable. A failure waits for nothing: it acknowledged nothing.
   */
  const withPermitThenDurable = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(
      permit.withPermit(Effect.map(effect, (value) => ({ value, upTo: durable.noteCommits() }))),
      ({ value, upTo }) => Effect.as(durable.durableUpTo(upTo), value)
    )

  const exclusive = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(CurrentTransaction, (current) => (current === db ? effect : withPermitThenDurable(effect)))

  // Some errors make SQLite roll back by itself; a second ROLLBACK would throw and hide the first error.
  // A ROLLBACK that fails on an open connection leaves it unusable, which no caller can handle: a defect.
  const rollbackIfOpen = Effect.orDie(
    storeOperation("StoreTransactions.rollback", () => {
      if (db.isTransaction) rollback.run()
    })
  )

  const transact = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(CurrentTransaction, (current) =>
      current === db
        ? effect
        : withPermitThenDurable(
            // Uninterruptible between BEGIN and COMMIT or ROLLBACK, so the connection is never left
            // inside a transaction; only `effect` itself can be interrupted, and that rolls back.
            Effect.uninterruptibleMask((restore) =>
              Effect.gen(function* () {
                yield* storeOperation("StoreTransactions.begin", () => begin.run())
                const exit = yield* Effect.exit(restore(Effect.provideService(effect, CurrentTransaction, db)))
                if (Exit.isFailure(exit)) {
                  yield* rollbackIfOpen
                  return yield* exit
                }
                yield* storeOperation("StoreTransactions.commit", () => commit.run()).pipe(
                  Effect.tapError(() => rollbackIfOpen)
                )
                return exit.value
              })
            )
          )
    )

  return {
    db,
    exclusive,
    operation: (name, run) => exclusive(storeOperation(name, run)),
    transact,
    inTransaction
  }
}
