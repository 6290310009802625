import { describe, expect } from "@effect/vitest"
import { Effect, Option } from "effect"
import { OneTimeTokens } from "../../ports/OneTimeTokens.ts"
import { at, createUsers, linkHashOf, newToken } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const oneTimeTokensSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("OneTimeTokens", () => {
    storeTest(
      "issues a token, found by link hash and as the active and latest one of its user and purpose",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const tokens = yield* OneTimeTokens
        const token = newToken("t1", "u1", "verifyEmail", at(1))
        yield* tokens.issue(token)
        expect(yield* tokens.findByLinkHash(token.linkHash)).toEqual(Option.some(token))
        expect(yield* tokens.findActive("u1", "verifyEmail")).toEqual(Option.some(token))
        expect(yield* tokens.findLatest("u1", "verifyEmail")).toEqual(Option.some(token))
        expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.none())
        expect(yield* tokens.findLatest("u1", "resetPassword")).toEqual(Option.none())
        expect(yield* tokens.findByLinkHash("unknown")).toEqual(Option.none())
      })
    )

    storeTest(
      "issue keeps the earlier tokens of the same user and purpose usable; the newest is the active one",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const tokens = yield* OneTimeTokens
        const first = newToken("t1", "u1", "resetPassword", at(1))
        const second = newToken("t2", "u1", "resetPassword", at(2))
        yield* tokens.issue(first)
        yield* tokens.issue(second)
        expect(yield* tokens.findByLinkHash(first.linkHash)).toEqual(Option.some(first))
        expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.some(second))
        expect(yield* tokens.consume("t1", at(3))).toBe(true)
        expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.some(second))
      })
    )

    storeTest(
      "consume is single-use: the second answers false and keeps the first time",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const tokens = yield* OneTimeTokens
        const token = newToken("t1", "u1", "resetPassword", at(1))
        yield* tokens.issue(token)
        expect(yield* tokens.consume("t1", at(5))).toBe(true)
        expect(yield* tokens.consume("t1", at(6))).toBe(false)
        const consumed = { ...token, consumedAt: at(5) }
        expect(yield* tokens.findByLinkHash(token.linkHash)).toEqual(Option.some(consumed))
        expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.none())
        expect(yield* tokens.findLatest("u1", "resetPassword")).toEqual(Option.some(consumed))
        expect(yield* tokens.consume("unknown", at(5))).toBe(false)
      })
    )

    storeTest(
      "of two concurrent consumes exactly one wins",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const tokens = yield* OneTimeTokens
        yield* tokens.issue(newToken("t1", "u1", "verifyEmail", at(1)))
        const outcomes = yield* Effect.all([tokens.consume("t1", at(5)), tokens.consume("t1", at(5))], {
          concurrency: "unbounded"
        })
        expect(outcomes.toSorted()).toEqual([false, true])
      })
    )

    storeTest(
      "recordCodeAttempt counts 1, 2, 3",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const tokens = yield* OneTimeTokens
        const token = newToken("t1", "u1", "verifyEmail", at(1))
        yield* tokens.issue(token)
        expect(yield* tokens.recordCodeAttempt("t1")).toBe(1)
        expect(yield* tokens.recordCodeAttempt("t1")).toBe(2)
        expect(yield* tokens.recordCodeAttempt("t1")).toBe(3)
        expect(yield* tokens.findByLinkHash(token.linkHash)).toEqual(Option.some({ ...token, codeAttempts: 3 }))
      })
    )

    storeTest(
      "recordCodeAttempt counts atomically: 20 concurrent attempts get the counts 1 to 20, once each",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const tokens = yield* OneTimeTokens
        yield* tokens.issue(newToken("t1", "u1", "verifyEmail", at(1)))
        const counts = yield* Effect.all(
          Array.from({ length: 20 }, () => tokens.recordCodeAttempt("t1")),
          { concurrency: "unbounded" }
        )
        expect(counts.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
      })
    )

    storeTest(
      "consumeOfUser consumes that user's tokens of the given purposes, and no others",
      Effect.gen(function* () {
        yield* createUsers("u1", "u2")
        const tokens = yield* OneTimeTokens
        const undo = newToken("t3", "u1", "undoEmailChange", at(3))
        const otherUser = newToken("t4", "u2", "resetPassword", at(4))
        for (const token of [
          newToken("t1", "u1", "verifyEmail", at(1)),
          newToken("t2", "u1", "resetPassword", at(2)),
          undo,
          otherUser
        ]) {
          yield* tokens.issue(token)
        }
        yield* tokens.consumeOfUser("u1", ["verifyEmail", "resetPassword"], at(10))
        expect(yield* tokens.findActive("u1", "verifyEmail")).toEqual(Option.none())
        expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.none())
        expect(yield* tokens.findActive("u1", "undoEmailChange")).toEqual(Option.some(undo))
        expect(yield* tokens.findActive("u2", "resetPassword")).toEqual(Option.some(otherUser))
        expect(yield* tokens.consume("t1", at(11))).toBe(false)
        expect(Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t2"))).consumedAt).toBe(at(10))

        yield* tokens.consumeOfUser("u1", [], at(12))
        expect(yield* tokens.findActive("u1", "undoEmailChange")).toEqual(Option.some(undo))
      })
    )
  })
}
