import { describe, expect } from "@effect/vitest"
import { RateLimited } from "@verity/domain"
import { Cause, Effect, Exit } from "effect"
import { type RateLimitRule, RateLimits } from "../../ports/RateLimits.ts"
import { StoreTransactions } from "../../ports/StoreTransactions.ts"
import type { StoreContractHarness } from "../storeContract.ts"

const rule: RateLimitRule = { name: "contract", points: 3, windowSeconds: 60 }

/** "allowed", or the wait a refusal asks for. */
const attempt = (limitedBy: RateLimitRule, key: string) =>
  RateLimits.use((limits) => limits.consume(limitedBy, key)).pipe(
    Effect.as("allowed" as const),
    Effect.catchTag("RateLimited", (refusal) => Effect.succeed(refusal.retryAfterSeconds))
  )

const attempts = (limitedBy: RateLimitRule, key: string, count: number) =>
  Effect.all(Array.from({ length: count }, () => attempt(limitedBy, key)))

export const rateLimitsSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("RateLimits", () => {
    storeTest(
      "allows the rule's points per key, answering the standing, then refuses with the time left in the window",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        const first = yield* limits.consume(rule, "ann")
        expect(first).toMatchObject({ consumed: 1, remaining: 2 })
        expect(first.retryAfterSeconds).toBeGreaterThan(55)
        expect(first.retryAfterSeconds).toBeLessThanOrEqual(60)
        expect(yield* limits.consume(rule, "ann")).toMatchObject({ consumed: 2, remaining: 1 })
        expect(yield* limits.consume(rule, "ann")).toMatchObject({ consumed: 3, remaining: 0 })

        const refusal = yield* Effect.flip(limits.consume(rule, "ann"))
        expect(refusal).toBeInstanceOf(RateLimited)
        expect((refusal as RateLimited).retryAfterSeconds).toBeGreaterThan(55)
        expect((refusal as RateLimited).retryAfterSeconds).toBeLessThanOrEqual(60)

        expect(yield* attempt(rule, "bob")).toBe("allowed")
        expect(yield* attempt({ ...rule, name: "another rule" }, "ann")).toBe("allowed")
      })
    )

    storeTest(
      "counts several points at once, and refuses once they pass the rule",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        expect(yield* limits.consume(rule, "ann", 2)).toMatchObject({ consumed: 2, remaining: 1 })
        expect(yield* Effect.flip(limits.consume(rule, "ann", 2))).toBeInstanceOf(RateLimited)
      })
    )

    storeTest(
      "counts atomically: of 50 concurrent attempts against 10 points, exactly 10 are allowed",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        const tenPoints = { ...rule, name: "concurrent", points: 10 }
        const outcomes = yield* Effect.all(
          Array.from({ length: 50 }, () => attempt(tenPoints, "ann")),
          { concurrency: "unbounded" }
        )
        expect(outcomes.filter((outcome) => outcome === "allowed")).toHaveLength(10)
        // Refused attempts count too.
        expect(yield* limits.peek(tenPoints, "ann")).toMatchObject({ consumed: 50, remaining: 0 })
      })
    )

    storeTest(
      "peek answers the standing without counting",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        expect(yield* limits.peek(rule, "ann")).toEqual({ consumed: 0, remaining: 3, retryAfterSeconds: 0 })
        yield* limits.consume(rule, "ann")
        yield* limits.consume(rule, "ann")
        for (let peeks = 0; peeks < 3; peeks++) {
          const standing = yield* limits.peek(rule, "ann")
          expect(standing).toMatchObject({ consumed: 2, remaining: 1 })
          expect(standing.retryAfterSeconds).toBeGreaterThan(55)
          expect(standing.retryAfterSeconds).toBeLessThanOrEqual(60)
        }
        expect(yield* attempts(rule, "ann", 2)).toEqual(["allowed", expect.any(Number)])
      })
    )

    storeTest(
      "reward gives points back, but never below zero (no credit for later attempts)",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        yield* attempts(rule, "ann", 3)
        yield* limits.reward(rule, "ann")
        expect(yield* limits.peek(rule, "ann")).toMatchObject({ consumed: 2, remaining: 1 })
        expect(yield* attempts(rule, "ann", 2)).toEqual(["allowed", expect.any(Number)])

        yield* limits.reward(rule, "ann", 10)
        expect(yield* limits.peek(rule, "ann")).toMatchObject({ consumed: 0, remaining: 3 })
        expect(yield* attempts(rule, "ann", 4)).toEqual(["allowed", "allowed", "allowed", expect.any(Number)])

        // A key never counted stays uncounted.
        yield* limits.reward(rule, "bob", 5)
        expect(yield* attempts(rule, "bob", 4)).toEqual(["allowed", "allowed", "allowed", expect.any(Number)])
      })
    )

    storeTest(
      "a count ends with its window",
      Effect.gen(function* () {
        const oneSecond = { ...rule, name: "short window", points: 1, windowSeconds: 1 }
        expect(yield* attempts(oneSecond, "ann", 2)).toEqual(["allowed", 1])
        yield* Effect.sleep("1100 millis")
        expect(yield* attempt(oneSecond, "ann")).toBe("allowed")
      })
    )

    storeTest(
      "a block holds for blockSeconds, past the end of the window",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        const blocking = { ...rule, name: "blocking", points: 1, windowSeconds: 1, blockSeconds: 600 }
        expect(yield* attempt(blocking, "ann")).toBe("allowed")
        const blocked = yield* attempt(blocking, "ann")
        expect(blocked).toBeGreaterThan(595)
        expect(blocked).toBeLessThanOrEqual(600)

        yield* Effect.sleep("1100 millis")
        const stillBlocked = yield* attempt(blocking, "ann")
        expect(stillBlocked).toBeGreaterThan(590)
        expect(stillBlocked).toBeLessThanOrEqual(600)
        const standing = yield* limits.peek(blocking, "ann")
        expect(standing.remaining).toBe(0)
        expect(standing.retryAfterSeconds).toBeGreaterThan(590)
      })
    )

    storeTest(
      "clear forgets the key's count and its block",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        const blocking = { ...rule, name: "blocking", blockSeconds: 600 }
        yield* attempts(blocking, "ann", 4)
        yield* attempts(blocking, "bob", 1)
        yield* limits.clear(blocking, "ann")
        expect(yield* limits.peek(blocking, "ann")).toEqual({ consumed: 0, remaining: 3, retryAfterSeconds: 0 })
        expect(yield* attempts(blocking, "ann", 3)).toEqual(["allowed", "allowed", "allowed"])
        expect(yield* limits.peek(blocking, "bob")).toMatchObject({ consumed: 1 })
      })
    )

    storeTest(
      "refuses to count inside a transaction (a defect), so no count is ever rolled back with the work it guards",
      Effect.gen(function* () {
        const limits = yield* RateLimits
        const transactions = yield* StoreTransactions
        for (const counting of [limits.consume(rule, "ann"), limits.reward(rule, "ann"), limits.clear(rule, "ann")]) {
          const exit = yield* Effect.exit(transactions.transact(counting))
          expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
        }
        expect(yield* limits.peek(rule, "ann")).toEqual({ consumed: 0, remaining: 3, retryAfterSeconds: 0 })
        expect(yield* transactions.transact(limits.peek(rule, "ann"))).toMatchObject({ consumed: 0 })
      })
    )
  })
}
