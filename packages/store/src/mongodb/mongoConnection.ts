import { Context, Effect, Exit, Semaphore } from "effect"
import type { ClientSession, MongoClient } from "mongodb"
import type { StoreTransactions } from "../ports/StoreTransactions.ts"
import { StoreError } from "../StoreError.ts"

/** What puts a driver call into the current transaction: spread it into the call's options. */
export type SessionOption = { readonly session?: ClientSession }

/**
 * The MongoDB store's client, and how every port's calls find the transaction they belong to.
 *
 * A transaction is a driver session (`client.startSession()` + `session.withTransaction`), and a
 * call is part of it only when it passes `{ session }`. Ports do not take a session argument, so
 * the open transaction travels with the fiber, in a fiber-local reference, and every operation
 * reads it from there.
 */
export type MongoConnection = {
  readonly client: MongoClient
  /** Runs `use` with the options that put its driver calls into the current fiber's transaction, if any. */
  readonly withSession: <A, E>(use: (options: SessionOption) => Effect.Effect<A, E>) => Effect.Effect<A, E>
  /** One driver call as a store operation, inside the current transaction if there is one. */
  readonly operation: <A>(name: string, run: (options: SessionOption) => Promise<A>) => Effect.Effect<A, StoreError>
  readonly transact: StoreTransactions["Service"]["transact"]
  /** Whether the current fiber runs inside a transaction of this client. */
  readonly inTransaction: Effect.Effect<boolean>
}

type OpenTransaction = {
  /** Whose transaction it is, so two stores open in one process never join each other's. */
  readonly client: MongoClient
  readonly session: ClientSession
  /**
   * The driver does not support concurrent operations within one transaction, but the effect may
   * fork (`Effect.all` with concurrency); its operations take turns instead.
   */
  readonly turn: Semaphore.Semaphore
}

const CurrentTransaction = Context.Reference<OpenTransaction | undefined>("@verity/store/mongodb/CurrentTransaction", {
  defaultValue: () => undefined
})

/** Thrown from the transaction's callback so the driver aborts; the effect's own failure is kept aside. */
class EffectFailed extends Error {}

export const makeMongoConnection = (client: MongoClient): MongoConnection => {
  const ownTransaction = Effect.map(CurrentTransaction, (current) => (current?.client === client ? current : undefined))

  const withSession = <A, E>(use: (options: SessionOption) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.flatMap(ownTransaction, (current) =>
      current === undefined ? use({}) : current.turn.withPermit(use({ session: current.session }))
    )

  const operation = <A>(name: string, run: (options: SessionOption) => Promise<A>): Effect.Effect<A, StoreError> =>
    withSession((options) =>
      Effect.tryPromise({ try: () => run(options), catch: (cause) => new StoreError({ operation: name, cause }) })
    )

  const transact = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(ownTransaction, (current) =>
      current === undefined
        ? Effect.acquireUseRelease(
            Effect.sync(() => client.startSession()),
            (session) => runInTransaction(session, effect),
            (session) => Effect.promise(() => session.endSession())
          )
        : effect
    )

  const runInTransaction = <A, E, R>(
    session: ClientSession,
    effect: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(Effect.context<R>(), (context) => {
      const open: OpenTransaction = { client, session, turn: Semaphore.makeUnsafe(1) }
      const inside = Effect.provideService(effect, CurrentTransaction, open)
      return Effect.callback<A, E | StoreError>((resume, signal) => {
        let failure: Exit.Failure<A, E> | undefined
        const settled = session
          .withTransaction(async () => {
            // The effect runs once: the callback's error is never one the driver retries, so a
            // conflict with a concurrent transaction fails this one (with nothing written) rather than
            // running the effect, and whatever else it does besides storing, a second time.
            const exit = await Effect.runPromiseExitWith(context)(inside, { signal })
            if (Exit.isSuccess(exit)) return exit.value
            failure = exit
            throw new EffectFailed()
          })
          .then(
            (value) => resume(Effect.succeed(value)),
            (cause: unknown) =>
              resume(
                failure !== undefined && cause instanceof EffectFailed
                  ? failure
                  : Effect.fail(new StoreError({ operation: "StoreTransactions.transact", cause }))
              )
          )
        // Interrupted: the signal interrupts the effect, the driver aborts the transaction, and the
        // interruption completes only once the abort has.
        return Effect.promise(() => settled)
      })
    })

  return {
    client,
    withSession,
    operation,
    transact,
    inTransaction: Effect.map(ownTransaction, (current) => current !== undefined)
  }
}
