import { RateLimited } from "@verity/domain"
import { Effect } from "effect"
import { RateLimiterRes, type RateLimiterStoreAbstract } from "rate-limiter-flexible"
import { type RateLimitRule, RateLimits, type RateLimitStanding } from "./ports/RateLimits.ts"
import { StoreError } from "./StoreError.ts"

/**
 * What an adapter supplies for the RateLimits port: rate-limiter-flexible's limiter over the
 * adapter's own database, and the one write the library does not do the way the port promises.
 */
export type RateLimiterStore = {
  /** A limiter for `rule`, counting in the adapter's table or collection; called once per rule. */
  readonly makeLimiter: (rule: RateLimitRule) => RateLimiterStoreAbstract
  /**
   * Takes `points` off the counter stored under `storedKey` (the limiter's own key for it) in one
   * atomic write, never below zero, and leaves a counter that is absent or expired alone.
   * rate-limiter-flexible's `reward` adds negative points instead, which can go below zero and
   * so would hand out extra attempts.
   */
  readonly takeBack: (storedKey: string, points: number) => Promise<void>
  /** How a call reaches the database (the embedded store takes its one connection for itself). */
  readonly exclusive: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | StoreError>
  /** Whether the current fiber runs inside one of this store's transactions. */
  readonly inTransaction: Effect.Effect<boolean>
}

/**
 * The RateLimits port over rate-limiter-flexible. The library's consume is one atomic upsert in
 * the store (SQLite `INSERT … ON CONFLICT DO UPDATE … RETURNING`, MongoDB `findOneAndUpdate` with
 * `$inc`), so concurrent requests can never both take the last point; its blocks are kept in the
 * same counter. Limiters are made on a rule's first use and kept for the life of the store.
 */
export const makeFlexibleRateLimits = (store: RateLimiterStore): RateLimits["Service"] => {
  const limiters = new Map<string, RateLimiterStoreAbstract>()

  const limiterFor = (rule: RateLimitRule): Effect.Effect<RateLimiterStoreAbstract, StoreError> =>
    Effect.suspend(() => {
      // Keyed by every setting, not the name alone: a rule whose settings changed gets a limiter with them.
      const cacheKey = JSON.stringify([rule.name, rule.points, rule.windowSeconds, rule.blockSeconds ?? null])
      const cached = limiters.get(cacheKey)
      if (cached !== undefined) return Effect.succeed(cached)
      return Effect.try({
        try: () => {
          const limiter = store.makeLimiter(rule)
          limiters.set(cacheKey, limiter)
          return limiter
        },
        catch: (cause) => new StoreError({ operation: "RateLimits.limiter", cause })
      })
    })

  const call = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, StoreError> =>
    store.exclusive(Effect.tryPromise({ try: run, catch: (cause) => new StoreError({ operation, cause }) }))

  // A transaction would take a count back together with the work it guards, and a failed sign-in
  // attempt must stay counted. (On MongoDB the library's writes could not join the transaction
  // anyway, so refusing here keeps both adapters alike.)
  const outsideTransactions = (operation: string) =>
    Effect.flatMap(store.inTransaction, (inside) =>
      inside
        ? Effect.die(
            new Error(`${operation} inside StoreTransactions.transact: count before the transaction, not inside it.`)
          )
        : Effect.void
    )

  return RateLimits.of({
    consume: (rule, key, points = 1) =>
      outsideTransactions("RateLimits.consume").pipe(
        Effect.andThen(limiterFor(rule)),
        Effect.flatMap((limiter) =>
          store.exclusive(
            Effect.tryPromise({
              try: () => limiter.consume(key, points),
              // The library refuses with its result object, and fails with an Error when the store does.
              catch: (cause) =>
                cause instanceof RateLimiterRes
                  ? new RateLimited({ retryAfterSeconds: Math.max(1, secondsUntil(cause.msBeforeNext)) })
                  : new StoreError({ operation: "RateLimits.consume", cause })
            })
          )
        ),
        Effect.map((result) => standingOf(rule, result))
      ),
    peek: (rule, key) =>
      limiterFor(rule).pipe(
        Effect.flatMap((limiter) => call("RateLimits.peek", () => limiter.get(key))),
        Effect.map((result) => standingOf(rule, result))
      ),
    reward: (rule, key, points = 1) =>
      outsideTransactions("RateLimits.reward").pipe(
        Effect.andThen(limiterFor(rule)),
        Effect.flatMap((limiter) => call("RateLimits.reward", () => store.takeBack(limiter.getKey(key), points)))
      ),
    clear: (rule, key) =>
      outsideTransactions("RateLimits.clear").pipe(
        Effect.andThen(limiterFor(rule)),
        Effect.flatMap((limiter) => call("RateLimits.clear", () => limiter.delete(key))),
        Effect.asVoid
      )
  })
}

/** Whole seconds, rounded up so a client that waits that long is not refused again; the library answers -1 for "never". */
const secondsUntil = (milliseconds: number): number => (milliseconds <= 0 ? 0 : Math.ceil(milliseconds / 1000))

const standingOf = (rule: RateLimitRule, result: RateLimiterRes | null): RateLimitStanding =>
  result === null || result.consumedPoints <= 0
    ? { consumed: 0, remaining: rule.points, retryAfterSeconds: 0 }
    : {
        consumed: result.consumedPoints,
        remaining: result.remainingPoints,
        retryAfterSeconds: secondsUntil(result.msBeforeNext)
      }
