// Over 200 lines on purpose: the Users and UserWrites contract, one case per promise, run unchanged against both adapters.
import { describe, expect } from "@effect/vitest"
import { EmailTaken } from "@verity/domain"
import { Effect, Option } from "effect"
import { OneTimeTokens } from "../../ports/OneTimeTokens.ts"
import { Sessions } from "../../ports/Sessions.ts"
import { Users } from "../../ports/Users.ts"
import { type UserFieldPatch, UserWrites } from "../../ports/UserWrites.ts"
import { at, linkHashOf, newSession, newToken, newUser, stamp, tokenHashOf } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const usersSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("Users and UserWrites", () => {
    storeTest(
      "creates a user at version 1 and never stamped, found by id and by its normalised email",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const created = yield* userWrites.create(newUser("u1", "ada@example.com"))
        expect(created).toEqual({
          ...newUser("u1", "ada@example.com"),
          everConfirmed: false,
          version: 1,
          lastChange: null
        })
        expect(yield* users.findById("u1")).toEqual(Option.some(created))
        expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.some(created))
        expect(yield* users.findById("nobody")).toEqual(Option.none())
        expect(yield* users.findByEmail("nobody@example.com")).toEqual(Option.none())
      })
    )

    storeTest(
      "refuses a second user with a taken email (EmailTaken) and keeps the first",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const first = yield* userWrites.create(newUser("u1", "ada@example.com"))
        const error = yield* Effect.flip(userWrites.create(newUser("u2", "ada@example.com")))
        expect(error).toBeInstanceOf(EmailTaken)
        expect(yield* users.findById("u2")).toEqual(Option.none())
        expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.some(first))
      })
    )

    storeTest(
      "update applies the patch, bumps the version by exactly one and stamps the change",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const created = yield* userWrites.create(newUser("u1"))
        const confirmed = yield* userWrites.update(
          "u1",
          { emailConfirmed: true },
          { stamp: stamp("emailConfirmed", 1) }
        )
        expect(confirmed).toEqual(
          Option.some({
            ...created,
            emailConfirmed: true,
            everConfirmed: true,
            version: 2,
            lastChange: stamp("emailConfirmed", 1)
          })
        )
        const changed = yield* userWrites.update(
          "u1",
          { passwordHash: "hash-2", status: "suspended" },
          { stamp: stamp("suspended", 2) }
        )
        expect(changed).toEqual(
          Option.some({
            ...created,
            emailConfirmed: true,
            everConfirmed: true,
            passwordHash: "hash-2",
            status: "suspended",
            version: 3,
            lastChange: stamp("suspended", 2)
          })
        )
        expect(yield* users.findById("u1")).toEqual(changed)
      })
    )

    storeTest(
      "an empty patch still bumps the version and stamps (a resync marker)",
      Effect.gen(function* () {
        const userWrites = yield* UserWrites
        const created = yield* userWrites.create(newUser("u1"))
        expect(yield* userWrites.update("u1", {}, { stamp: stamp("externalWrite", 1) })).toEqual(
          Option.some({ ...created, version: 2, lastChange: stamp("externalWrite", 1) })
        )
      })
    )

    storeTest(
      "update with an address that is no longer the user's, or of an unknown user, answers None and writes nothing",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const created = yield* userWrites.create(newUser("u1", "ada@example.com"))
        const options = { stamp: stamp("emailConfirmed", 1), ifEmail: "old@example.com" }
        expect(yield* userWrites.update("u1", { emailConfirmed: true }, options)).toEqual(Option.none())
        expect(
          yield* userWrites.update("nobody", { emailConfirmed: true }, { stamp: stamp("externalWrite", 1) })
        ).toEqual(Option.none())
        expect(yield* users.findById("u1")).toEqual(Option.some(created))

        const updated = yield* userWrites.update(
          "u1",
          { emailConfirmed: true },
          { stamp: stamp("emailConfirmed", 1), ifEmail: "ada@example.com" }
        )
        expect(updated).toEqual(
          Option.some({
            ...created,
            emailConfirmed: true,
            everConfirmed: true,
            version: 2,
            lastChange: stamp("emailConfirmed", 1)
          })
        )
      })
    )

    storeTest(
      "update never moves the address, even when the patch carries one at run time",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1", "ada@example.com"))
        yield* userWrites.create(newUser("u2", "bob@example.com"))
        const patch = { email: "bob@example.com", emailConfirmed: true } as UserFieldPatch
        const updated = Option.getOrThrow(yield* userWrites.update("u1", patch, { stamp: stamp("emailConfirmed", 1) }))
        expect(updated.email).toBe("ada@example.com")
        expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.some(updated))
      })
    )

    storeTest(
      "concurrent updates each bump the version by exactly one",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1"))
        const updates = yield* Effect.all(
          Array.from({ length: 10 }, (_, minute) =>
            userWrites.update("u1", { emailConfirmed: minute % 2 === 0 }, { stamp: stamp("externalWrite", minute) })
          ),
          { concurrency: "unbounded" }
        )
        const versions = updates.map((updated) => Option.getOrThrow(updated).version)
        expect(versions.toSorted((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        expect(Option.getOrThrow(yield* users.findById("u1")).version).toBe(11)
      })
    )

    storeTest(
      "changeEmail moves the user to the new address with the given confirmation, and frees the old one",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const created = yield* userWrites.create({ ...newUser("u1", "ada@example.com"), emailConfirmed: true })
        const moved = yield* userWrites.changeEmail(
          "u1",
          { from: "ada@example.com", to: "ada@new.example.com", confirmed: false },
          stamp("emailChanged", 1)
        )
        expect(moved).toEqual(
          Option.some({
            ...created,
            email: "ada@new.example.com",
            emailConfirmed: false,
            version: 2,
            lastChange: stamp("emailChanged", 1)
          })
        )
        expect(yield* users.findByEmail("ada@new.example.com")).toEqual(moved)
        expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.none())
        yield* userWrites.create(newUser("u2", "ada@example.com"))

        const confirmedMove = yield* userWrites.changeEmail(
          "u1",
          { from: "ada@new.example.com", to: "ada@third.example.com", confirmed: true },
          stamp("emailChanged", 2)
        )
        expect(Option.map(confirmedMove, (user) => [user.email, user.emailConfirmed, user.version])).toEqual(
          Option.some(["ada@third.example.com", true, 3])
        )
      })
    )

    storeTest(
      "changeEmail to another user's address fails with EmailTaken and changes nothing",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const ada = yield* userWrites.create(newUser("u1", "ada@example.com"))
        const bob = yield* userWrites.create(newUser("u2", "bob@example.com"))
        const error = yield* Effect.flip(
          userWrites.changeEmail(
            "u1",
            { from: "ada@example.com", to: "bob@example.com", confirmed: false },
            stamp("emailChanged", 1)
          )
        )
        expect(error).toBeInstanceOf(EmailTaken)
        expect(yield* users.findById("u1")).toEqual(Option.some(ada))
        expect(yield* users.findByEmail("bob@example.com")).toEqual(Option.some(bob))
      })
    )

    storeTest(
      "changeEmail from an address that is no longer the user's, or of an unknown user, answers None and writes nothing",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const created = yield* userWrites.create(newUser("u1", "ada@example.com"))
        const change = { from: "old@example.com", to: "ada@new.example.com", confirmed: false }
        expect(yield* userWrites.changeEmail("u1", change, stamp("emailChanged", 1))).toEqual(Option.none())
        expect(
          yield* userWrites.changeEmail("nobody", { ...change, from: "ada@example.com" }, stamp("emailChanged", 1))
        ).toEqual(Option.none())
        expect(yield* users.findById("u1")).toEqual(Option.some(created))
        expect(yield* users.findByEmail("ada@new.example.com")).toEqual(Option.none())
      })
    )

    storeTest(
      "an account stays confirmed once: moving it to a new, unconfirmed address keeps everConfirmed",
      Effect.gen(function* () {
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1", "ada@example.com"))
        const unconfirmedMove = yield* userWrites.changeEmail(
          "u1",
          { from: "ada@example.com", to: "ada@new.example.com", confirmed: false },
          stamp("emailChanged", 1)
        )
        expect(Option.map(unconfirmedMove, (user) => user.everConfirmed)).toEqual(Option.some(false))
        const restored = yield* userWrites.changeEmail(
          "u1",
          { from: "ada@new.example.com", to: "ada@example.com", confirmed: true },
          stamp("emailChangeUndone", 2)
        )
        expect(Option.map(restored, (user) => [user.emailConfirmed, user.everConfirmed])).toEqual(
          Option.some([true, true])
        )
        const movedAgain = yield* userWrites.changeEmail(
          "u1",
          { from: "ada@example.com", to: "ada@third.example.com", confirmed: false },
          stamp("emailChanged", 3)
        )
        expect(Option.map(movedAgain, (user) => [user.emailConfirmed, user.everConfirmed])).toEqual(
          Option.some([false, true])
        )
        const unconfirmedPatch = yield* userWrites.update(
          "u1",
          { emailConfirmed: false },
          { stamp: stamp("externalWrite", 4) }
        )
        expect(Option.map(unconfirmedPatch, (user) => user.everConfirmed)).toEqual(Option.some(true))
      })
    )

    storeTest(
      "deleteUnconfirmed deletes a never-confirmed account at that address with its sessions and tokens, and frees the address",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        const sessions = yield* Sessions
        const tokens = yield* OneTimeTokens
        const created = yield* userWrites.create(newUser("u1", "ada@example.com"))
        yield* userWrites.create(newUser("u2", "bob@example.com"))
        yield* sessions.create(newSession("s1", "u1"))
        yield* sessions.create(newSession("s2", "u2"))
        yield* tokens.issue(newToken("t1", "u1", "verifyEmail", at(1)))
        yield* tokens.issue(newToken("t2", "u2", "verifyEmail", at(1)))

        expect(yield* userWrites.deleteUnconfirmed("u1", "ada@example.com")).toEqual(Option.some(created))
        expect(yield* users.findById("u1")).toEqual(Option.none())
        expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.none())
        expect(yield* sessions.findByTokenHash(tokenHashOf("s1"))).toEqual(Option.none())
        expect(yield* tokens.findByLinkHash(linkHashOf("t1"))).toEqual(Option.none())
        expect(yield* sessions.findById("s2")).toEqual(Option.some(newSession("s2", "u2")))
        expect(Option.isSome(yield* tokens.findByLinkHash(linkHashOf("t2")))).toBe(true)

        const again = yield* userWrites.create(newUser("u3", "ada@example.com"))
        expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.some(again))
      })
    )

    storeTest(
      "deleteUnconfirmed deletes nothing for an account confirmed once, at another address, or unknown",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1", "ada@example.com"))
        yield* userWrites.update("u1", { emailConfirmed: true }, { stamp: stamp("emailConfirmed", 1) })
        const confirmedOnce = Option.getOrThrow(
          yield* userWrites.changeEmail(
            "u1",
            { from: "ada@example.com", to: "ada@new.example.com", confirmed: false },
            stamp("emailChanged", 2)
          )
        )
        const neverConfirmed = yield* userWrites.create(newUser("u2", "bob@example.com"))

        expect(yield* userWrites.deleteUnconfirmed("u1", "ada@new.example.com")).toEqual(Option.none())
        expect(yield* userWrites.deleteUnconfirmed("u2", "bob@elsewhere.example.com")).toEqual(Option.none())
        expect(yield* userWrites.deleteUnconfirmed("nobody", "bob@example.com")).toEqual(Option.none())
        expect(yield* users.findById("u1")).toEqual(Option.some(confirmedOnce))
        expect(yield* users.findById("u2")).toEqual(Option.some(neverConfirmed))
      })
    )

    storeTest(
      "addressesAfter walks every user's id and address in id order, a page at a time",
      Effect.gen(function* () {
        const users = yield* Users
        const userWrites = yield* UserWrites
        for (const id of ["u3", "u1", "u4", "u2", "u5"]) yield* userWrites.create(newUser(id))
        expect(yield* users.addressesAfter(null, 2)).toEqual([
          { id: "u1", email: "u1@example.com" },
          { id: "u2", email: "u2@example.com" }
        ])
        expect((yield* users.addressesAfter("u2", 2)).map((user) => user.id)).toEqual(["u3", "u4"])
        expect((yield* users.addressesAfter("u4", 2)).map((user) => user.id)).toEqual(["u5"])
        expect(yield* users.addressesAfter("u5", 2)).toEqual([])
      })
    )
  })
}
