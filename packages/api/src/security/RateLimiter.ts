import { RateLimited } from "@verity/domain"
import { RateLimits, type StoreError } from "@verity/store"
import { Context, Effect, Layer } from "effect"
import { Metrics } from "../observability/Metrics.ts"
import { type RateLimitRuleName, rateLimitRules } from "./rateLimitRules.ts"

/** The product's rate limits (rateLimitRules.ts) over the store's counters, which survive restarts. */
export class RateLimiter extends Context.Service<
  RateLimiter,
  {
    /** Counts one event; refuses when the limit is now exceeded. */
    consume(rule: RateLimitRuleName, key: string): Effect.Effect<void, RateLimited | StoreError>
    /** Refuses if the limit is already exhausted, without counting. */
    ensureNotExhausted(rule: RateLimitRuleName, key: string): Effect.Effect<void, RateLimited | StoreError>
    /** Forgets the key's count (e.g. failures, after a success). */
    clear(rule: RateLimitRuleName, key: string): Effect.Effect<void, StoreError>
  }
>()("@verity/api/security/RateLimiter") {
  static readonly layer = Layer.effect(
    RateLimiter,
    Effect.gen(function* () {
      const limits = yield* RateLimits
      const metrics = yield* Metrics
      const counted =
        (rule: RateLimitRuleName) =>
        <A>(refusable: Effect.Effect<A, RateLimited | StoreError>) =>
          Effect.tapErrorTag(refusable, "RateLimited", () =>
            Effect.sync(() => metrics.noteRateLimitRefusal(rateLimitRules[rule].name))
          )
      return RateLimiter.of({
        consume: (rule, key) => Effect.asVoid(limits.consume(rateLimitRules[rule], key)).pipe(counted(rule)),
        ensureNotExhausted: (rule, key) =>
          Effect.flatMap(limits.peek(rateLimitRules[rule], key), (standing) =>
            standing.remaining > 0
              ? Effect.void
              : Effect.fail(new RateLimited({ retryAfterSeconds: Math.max(1, standing.retryAfterSeconds) }))
          ).pipe(counted(rule)),
        clear: (rule, key) => limits.clear(rateLimitRules[rule], key)
      })
    })
  )
}
