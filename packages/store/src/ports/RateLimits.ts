import type { RateLimited } from "@verity/domain"
import { Context, type Effect } from "effect"
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

/** One key's standing under one rule. */
export type RateLimitStanding = {
  /** Points counted in the current window. */
  readonly consumed: number
  readonly remaining: number
  /** When the count resets (or the block ends); 0 when nothing is counted. */
  readonly retryAfterSeconds: number
}

/**
 * Counters for the product's rate limits, kept in the store so a limit holds across restarts and
 * across API instances sharing the store. Counting is atomic in the store: two concurrent
 * requests can never both take the last point. Callers count *before* the work a limit guards
 * (and `reward` afterwards when it turned out legitimate), never read-then-count.
 *
 * Counts are never part of a `StoreTransactions.transact`: a transaction that failed would take
 * its count back with it, and a failed attempt must stay counted. `consume`, `reward` and `clear`
 * inside one are a defect; count before the transaction starts.
 */
export class RateLimits extends Context.Service<
  RateLimits,
  {
    /**
     * Counts `points` (default 1) against the key. Refuses with RateLimited (with the wait) when
     * the count now exceeds the rule, or the key is blocked; the points count either way.
     */
    consume(
      rule: RateLimitRule,
      key: string,
      points?: number
    ): Effect.Effect<RateLimitStanding, RateLimited | StoreError>
    /** The key's standing, without counting. */
    peek(rule: RateLimitRule, key: string): Effect.Effect<RateLimitStanding, StoreError>
    /** Gives points back (default 1) to an attempt that turned out legitimate; never below zero. */
    reward(rule: RateLimitRule, key: string, points?: number): Effect.Effect<void, StoreError>
    /** Forgets the key's count and block. */
    clear(rule: RateLimitRule, key: string): Effect.Effect<void, StoreError>
  }
>()("@verity/store/RateLimits") {}
