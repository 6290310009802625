import { RateLimited } from "@verity/domain"
import { RateLimits, type StoreError } from "@verity/store"
import { Context, Effect, Layer } from "effect"
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible"
import { type RateLimitRuleName, rateLimitRules } from "./rateLimitRules.ts"

const retryAfter = (res: RateLimiterRes) =>
  new RateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1_000)) })

const isRefusal = (error: unknown): error is RateLimiterRes =>
  typeof error === "object" && error !== null && "msBeforeNext" in error && !(error instanceof Error)

/** The product's rate limits over the store's limiters (counters that survive restarts). */
export class RateLimiter extends Context.Service<
  RateLimiter,
  {
    /** Counts one event; refuses when the limit is exceeded. */
    consume(rule: RateLimitRuleName, key: string): Effect.Effect<void, RateLimited | StoreError>
    /** Refuses if the limit is already exhausted, without counting. */
    check(rule: RateLimitRuleName, key: string): Effect.Effect<void, RateLimited | StoreError>
    /** Forgets the key's count (e.g. failures, after a success). */
    reset(rule: RateLimitRuleName, key: string): Effect.Effect<void, StoreError>
  }
>()("@verity/api/security/RateLimiter") {
  static readonly layer = Layer.effect(
    RateLimiter,
    Effect.gen(function* () {
      const limits = yield* RateLimits
      const limiters = new Map<RateLimitRuleName, RateLimiterAbstract>()
      for (const name of Object.keys(rateLimitRules) as Array<RateLimitRuleName>) {
        limiters.set(name, yield* limits.limiter(rateLimitRules[name]))
      }
      const limiterFor = (rule: RateLimitRuleName) => limiters.get(rule)!

      const consume = (rule: RateLimitRuleName, key: string) =>
        Effect.tryPromise({ try: () => limiterFor(rule).consume(key), catch: (error) => error }).pipe(
          Effect.asVoid,
          Effect.catch((error) => (isRefusal(error) ? Effect.fail(retryAfter(error)) : Effect.die(error)))
        )

      const check = (rule: RateLimitRuleName, key: string) =>
        Effect.promise(() => limiterFor(rule).get(key)).pipe(
          Effect.flatMap((res) =>
            res !== null && res.consumedPoints >= rateLimitRules[rule].points
              ? Effect.fail(retryAfter(res))
              : Effect.void
          )
        )

      const reset = (rule: RateLimitRuleName, key: string) =>
        Effect.promise(() => limiterFor(rule).delete(key)).pipe(Effect.asVoid)

      return RateLimiter.of({ consume, check, reset })
    })
  )
}
