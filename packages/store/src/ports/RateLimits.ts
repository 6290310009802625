import { Context, type Effect } from "effect"
import type { RateLimiterAbstract } from "rate-limiter-flexible"
import type { StoreError } from "../StoreError.ts"

export type RateLimitRule = {
  /** Distinguishes this rule's counters from every other rule's. */
  readonly name: string
  /** Allowed per window. */
  readonly points: number
  readonly windowSeconds: number
  /** Once exceeded, refuse for this long (defaults to the rest of the window). */
  readonly blockSeconds?: number
}

/**
 * Rate limiters (rate-limiter-flexible) whose counters live in the store, so a limit holds across
 * restarts and across API instances sharing the store.
 */
export class RateLimits extends Context.Service<
  RateLimits,
  {
    limiter(rule: RateLimitRule): Effect.Effect<RateLimiterAbstract, StoreError>
  }
>()("@verity/store/RateLimits") {}
