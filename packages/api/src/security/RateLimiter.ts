import type { RateLimited } from "@verity/domain"
import { RateLimits, type StoreError } from "@verity/store"
import { Context, Duration, Effect, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { Metrics } from "../observability/Metrics.ts"
import { type Limit, rateLimitRules } from "./rateLimitRules.ts"

/** The counts an attempt took, to give back if it turns out legitimate (or never happened). */
export type Reservation = {
  /** Gives back one point of every count taken; a lost reward is logged, never a failure of the request. */
  readonly release: Effect.Effect<void>
}

/**
 * The product's rate limits (rateLimitRules.ts) over the store's counters, which are atomic and
 * survive restarts. There is no way to ask "is it exhausted?" and count later: an attempt is
 * counted before its work, so concurrent attempts can never all slip under a limit.
 */
export class RateLimiter extends Context.Service<
  RateLimiter,
  {
    /**
     * Counts one attempt against each limit, in order, before the work they guard; refuses at the
     * first that is over, leaving the counts taken so far (a refused attempt stays counted).
     */
    reserve(limits: ReadonlyArray<Limit>): Effect.Effect<Reservation, RateLimited | StoreError>
    /** Forgets these limits' counts and blocks, e.g. once a success shows who made the attempts. */
    forget(limits: ReadonlyArray<Limit>): Effect.Effect<void, StoreError>
  }
>()("@verity/api/security/RateLimiter") {
  static readonly layer = Layer.effect(
    RateLimiter,
    Effect.gen(function* () {
      const limits = yield* RateLimits
      const config = yield* AppConfig
      const metrics = yield* Metrics
      // A window is whole seconds, at least one.
      const rules = rateLimitRules({
        resendCooldownSeconds: Math.max(1, Math.ceil(Duration.toSeconds(config.resendCooldown)))
      })

      const giveBack = (taken: ReadonlyArray<Limit>): Effect.Effect<void> =>
        Effect.forEach(taken, ({ rule, key }) => limits.reward(rules[rule], key), { discard: true }).pipe(
          Effect.catchTag("StoreError", (error) => Effect.logWarning("A rate-limit reward was lost", error))
        )

      const reserve = Effect.fn("RateLimiter.reserve")(function* (attempt: ReadonlyArray<Limit>) {
        for (const { rule, key } of attempt) {
          yield* limits
            .consume(rules[rule], key)
            .pipe(
              Effect.tapErrorTag("RateLimited", () => Effect.sync(() => metrics.noteRateLimitRefusal(rules[rule].name)))
            )
        }
        return { release: giveBack(attempt) }
      })

      const forget = (attempt: ReadonlyArray<Limit>) =>
        Effect.forEach(attempt, ({ rule, key }) => limits.clear(rules[rule], key), { discard: true })

      return RateLimiter.of({ reserve, forget })
    })
  )
}
