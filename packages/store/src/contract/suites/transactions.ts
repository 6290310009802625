// Over 200 lines on purpose: all-or-nothing across every port, one case per port, run unchanged against both adapters.
import { describe, expect } from "@effect/vitest"
import { Data, Deferred, Effect, Exit, Fiber, Option } from "effect"
import { OneTimeTokens } from "../../ports/OneTimeTokens.ts"
import { Outbox } from "../../ports/Outbox.ts"
import { Sessions } from "../../ports/Sessions.ts"
import { StoreTransactions } from "../../ports/StoreTransactions.ts"
import { Users } from "../../ports/Users.ts"
import { UserWrites } from "../../ports/UserWrites.ts"
import { StoreError } from "../../StoreError.ts"
import { at, linkHashOf, newMail, newSession, newToken, newUser } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

/** A failure of the caller's own, after the writes. */
class SignUpAbandoned extends Data.TaggedError("SignUpAbandoned") {}

/** What sign-up writes: the user, a verification token and its email. */
const signUpWrites = (userId: string) =>
  Effect.gen(function* () {
    const userWrites = yield* UserWrites
    const tokens = yield* OneTimeTokens
    const outbox = yield* Outbox
    const user = yield* userWrites.create(newUser(userId))
    yield* tokens.issue(newToken(`t-${userId}`, userId, "verifyEmail", at(1)))
    const mail = yield* outbox.enqueue(newMail(userId), at(1))
    return { user, mail }
  })

/** What of sign-up's writes the store holds, read outside any transaction. */
const signUpLeft = (userId: string) =>
  Effect.gen(function* () {
    const users = yield* Users
    const tokens = yield* OneTimeTokens
    const outbox = yield* Outbox
    return {
      user: Option.isSome(yield* users.findById(userId)),
      token: Option.isSome(yield* tokens.findByLinkHash(linkHashOf(`t-${userId}`))),
      mail: (yield* outbox.recent(10)).some((message) => message.mail.to === newMail(userId).to)
    }
  })

const nothingLeft = { user: false, token: false, mail: false }
const allLeft = { user: true, token: true, mail: true }

export const transactionsSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("StoreTransactions", () => {
    storeTest(
      "a transaction that fails after writing a user, a token and an email leaves none of them",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const error = yield* Effect.flip(
          transactions.transact(Effect.andThen(signUpWrites("u1"), Effect.fail(new SignUpAbandoned())))
        )
        expect(error).toBeInstanceOf(SignUpAbandoned)
        expect(yield* signUpLeft("u1")).toEqual(nothingLeft)
      })
    )

    storeTest(
      "a transaction that succeeds leaves all its writes and answers its value",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const written = yield* transactions.transact(signUpWrites("u1"))
        expect(written.user).toMatchObject({ id: "u1", version: 1 })
        expect(yield* signUpLeft("u1")).toEqual(allLeft)
      })
    )

    storeTest(
      "reads inside a transaction see its own writes",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const users = yield* Users
        const tokens = yield* OneTimeTokens
        const seen = yield* transactions.transact(
          Effect.gen(function* () {
            const { user } = yield* signUpWrites("u1")
            return {
              byEmail: yield* users.findByEmail(user.email),
              token: Option.map(yield* tokens.findActive("u1", "verifyEmail"), (token) => token.id)
            }
          })
        )
        expect(Option.map(seen.byEmail, (user) => user.id)).toEqual(Option.some("u1"))
        expect(seen.token).toEqual(Option.some("t-u1"))
      })
    )

    storeTest(
      "another fiber's read while a transaction is open never sees its writes",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const users = yield* Users
        const written = yield* Deferred.make<void>()
        const finish = yield* Deferred.make<void>()
        const transaction = yield* transactions
          .transact(
            Effect.gen(function* () {
              yield* signUpWrites("u1")
              yield* Deferred.succeed(written, undefined)
              yield* Deferred.await(finish)
              return yield* new SignUpAbandoned()
            })
          )
          .pipe(Effect.forkChild)
        yield* Deferred.await(written)
        // The read is made while the transaction is open; an adapter may answer it at once or
        // only once the transaction ended, but never with the uncommitted user.
        const read = yield* Effect.forkChild(users.findById("u1"))
        yield* Effect.sleep("50 millis")
        yield* Deferred.succeed(finish, undefined)
        expect(Exit.isFailure(yield* Fiber.await(transaction))).toBe(true)
        expect(yield* Fiber.join(read)).toEqual(Option.none())
        expect(yield* signUpLeft("u1")).toEqual(nothingLeft)
      })
    )

    storeTest(
      "another fiber's write while a transaction is open is not rolled back with it",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const userWrites = yield* UserWrites
        const users = yield* Users
        const written = yield* Deferred.make<void>()
        const finish = yield* Deferred.make<void>()
        const transaction = yield* transactions
          .transact(
            Effect.gen(function* () {
              yield* signUpWrites("u1")
              yield* Deferred.succeed(written, undefined)
              yield* Deferred.await(finish)
              return yield* new SignUpAbandoned()
            })
          )
          .pipe(Effect.forkChild)
        yield* Deferred.await(written)
        const otherWrite = yield* Effect.forkChild(userWrites.create(newUser("u2")))
        yield* Effect.sleep("50 millis")
        yield* Deferred.succeed(finish, undefined)
        yield* Fiber.await(transaction)
        yield* Fiber.join(otherWrite)
        expect(yield* signUpLeft("u1")).toEqual(nothingLeft)
        expect(Option.map(yield* users.findById("u2"), (user) => user.id)).toEqual(Option.some("u2"))
      })
    )

    storeTest(
      "a nested transact joins the outer transaction: its writes commit, or roll back, with the outer's",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const sessions = yield* Sessions
        const nested = transactions.transact(
          Effect.gen(function* () {
            yield* signUpWrites("u1")
            const inner = yield* transactions.transact(
              Effect.andThen(sessions.create(newSession("s1", "u1")), sessions.findById("s1"))
            )
            expect(Option.isSome(inner)).toBe(true)
            return yield* new SignUpAbandoned()
          })
        )
        expect(yield* Effect.flip(nested)).toBeInstanceOf(SignUpAbandoned)
        expect(yield* sessions.findById("s1")).toEqual(Option.none())
        expect(yield* signUpLeft("u1")).toEqual(nothingLeft)

        yield* transactions.transact(
          Effect.andThen(signUpWrites("u2"), transactions.transact(sessions.create(newSession("s2", "u2"))))
        )
        expect(Option.isSome(yield* sessions.findById("s2"))).toBe(true)
        expect(yield* signUpLeft("u2")).toEqual(allLeft)
      })
    )

    storeTest(
      "a StoreError inside rolls back the writes before it, and is what the transaction fails with",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const sessions = yield* Sessions
        yield* signUpWrites("u1")
        yield* sessions.create(newSession("s1", "u1"))
        const error = yield* Effect.flip(
          transactions.transact(
            Effect.gen(function* () {
              yield* signUpWrites("u2")
              // The token hash is unique: the store refuses the second session.
              yield* sessions.create({ ...newSession("s2", "u2"), tokenHash: newSession("s1", "u1").tokenHash })
            })
          )
        )
        expect(error).toBeInstanceOf(StoreError)
        expect(yield* signUpLeft("u2")).toEqual(nothingLeft)
        expect(yield* sessions.findById("s2")).toEqual(Option.none())
        expect(yield* signUpLeft("u1")).toEqual(allLeft)
      })
    )

    storeTest(
      "a defect inside rolls back",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const exit = yield* Effect.exit(transactions.transact(Effect.andThen(signUpWrites("u1"), Effect.die("boom"))))
        expect(Exit.isFailure(exit)).toBe(true)
        expect(yield* signUpLeft("u1")).toEqual(nothingLeft)
      })
    )

    storeTest(
      "an interrupted transaction rolls back, and the store goes on working",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const written = yield* Deferred.make<void>()
        const transaction = yield* transactions
          .transact(
            Effect.andThen(signUpWrites("u1"), Effect.andThen(Deferred.succeed(written, undefined), Effect.never))
          )
          .pipe(Effect.forkChild)
        yield* Deferred.await(written)
        yield* Fiber.interrupt(transaction)
        expect(yield* signUpLeft("u1")).toEqual(nothingLeft)

        yield* transactions.transact(signUpWrites("u2"))
        expect(yield* signUpLeft("u2")).toEqual(allLeft)
      })
    )

    storeTest(
      "concurrent transactions each commit or roll back on their own",
      Effect.gen(function* () {
        const transactions = yield* StoreTransactions
        const outcomes = yield* Effect.all(
          ["u1", "u2", "u3", "u4"].map((userId, index) =>
            Effect.exit(
              transactions.transact(
                index % 2 === 0
                  ? signUpWrites(userId)
                  : Effect.andThen(signUpWrites(userId), Effect.fail(new SignUpAbandoned()))
              )
            )
          ),
          { concurrency: "unbounded" }
        )
        expect(outcomes.map(Exit.isSuccess)).toEqual([true, false, true, false])
        expect(yield* signUpLeft("u1")).toEqual(allLeft)
        expect(yield* signUpLeft("u2")).toEqual(nothingLeft)
        expect(yield* signUpLeft("u3")).toEqual(allLeft)
        expect(yield* signUpLeft("u4")).toEqual(nothingLeft)
      })
    )
  })
}
