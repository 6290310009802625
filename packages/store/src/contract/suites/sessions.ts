import { describe, expect } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Sessions } from "../../ports/Sessions.ts"
import { at, createUsers, newSession } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const sessionsSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("Sessions", () => {
    storeTest(
      "creates a session, found by token hash and by id",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const sessions = yield* Sessions
        const session = newSession("s1", "u1")
        yield* sessions.create(session)
        expect(yield* sessions.findByTokenHash(session.tokenHash)).toEqual(Option.some(session))
        expect(yield* sessions.findById("s1")).toEqual(Option.some(session))
        expect(yield* sessions.findByTokenHash("unknown")).toEqual(Option.none())
        expect(yield* sessions.findById("unknown")).toEqual(Option.none())
      })
    )

    storeTest(
      "listActiveByUser answers the user's unrevoked sessions, oldest first",
      Effect.gen(function* () {
        yield* createUsers("u1", "u2")
        const sessions = yield* Sessions
        const newer = newSession("s2", "u1", { createdAt: at(2) })
        const older = newSession("s1", "u1", { createdAt: at(1) })
        yield* sessions.create(newer)
        yield* sessions.create(older)
        yield* sessions.create(newSession("s3", "u1", { revokedAt: at(3), revokedReason: "signedOut" }))
        yield* sessions.create(newSession("s4", "u2"))
        expect(yield* sessions.listActiveByUser("u1")).toEqual([older, newer])
        expect(yield* sessions.listActiveByUser("nobody")).toEqual([])
      })
    )

    storeTest(
      "listRecentByUser answers the user's sessions, ended ones too, newest first, up to the limit",
      Effect.gen(function* () {
        yield* createUsers("u1", "u2")
        const sessions = yield* Sessions
        const oldest = newSession("s1", "u1", { createdAt: at(1) })
        const ended = newSession("s2", "u1", { createdAt: at(2), revokedAt: at(3), revokedReason: "signedOut" })
        const newest = newSession("s3", "u1", { createdAt: at(4) })
        for (const session of [ended, newest, oldest, newSession("s4", "u2", { createdAt: at(5) })]) {
          yield* sessions.create(session)
        }
        expect(yield* sessions.listRecentByUser("u1", 10)).toEqual([newest, ended, oldest])
        expect(yield* sessions.listRecentByUser("u1", 2)).toEqual([newest, ended])
        expect(yield* sessions.listRecentByUser("nobody", 10)).toEqual([])
      })
    )

    storeTest(
      "touch records the last activity",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const sessions = yield* Sessions
        const session = newSession("s1", "u1")
        yield* sessions.create(session)
        yield* sessions.touch("s1", at(30))
        expect(yield* sessions.findById("s1")).toEqual(Option.some({ ...session, lastSeenAt: at(30) }))
      })
    )

    storeTest(
      "revoke is final: a second revoke answers false and changes nothing, a touch does not revive it",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const sessions = yield* Sessions
        const session = newSession("s1", "u1")
        yield* sessions.create(session)
        expect(yield* sessions.revoke("s1", "signedOut", at(10))).toBe(true)
        const revoked = { ...session, revokedAt: at(10), revokedReason: "signedOut" as const }
        expect(yield* sessions.findById("s1")).toEqual(Option.some(revoked))

        expect(yield* sessions.revoke("s1", "passwordChanged", at(20))).toBe(false)
        yield* sessions.touch("s1", at(30))
        expect(yield* sessions.findById("s1")).toEqual(Option.some({ ...revoked, lastSeenAt: at(30) }))
        expect(yield* sessions.listActiveByUser("u1")).toEqual([])
        expect(yield* sessions.revokeAllOfUser("u1", "passwordReset", at(40))).toEqual([])
        expect(yield* sessions.revoke("unknown", "signedOut", at(10))).toBe(false)
      })
    )

    storeTest(
      "revokeAllOfUser ends the user's active sessions but the excepted one, and answers their ids",
      Effect.gen(function* () {
        yield* createUsers("u1", "u2")
        const sessions = yield* Sessions
        for (const session of [
          newSession("s1", "u1"),
          newSession("s2", "u1"),
          newSession("s3", "u1"),
          newSession("s4", "u1", { revokedAt: at(5), revokedReason: "signedOut" }),
          newSession("s5", "u2")
        ]) {
          yield* sessions.create(session)
        }

        const ended = yield* sessions.revokeAllOfUser("u1", "passwordChanged", at(10), "s2")
        expect(ended.toSorted()).toEqual(["s1", "s3"])
        expect((yield* sessions.listActiveByUser("u1")).map((session) => session.id)).toEqual(["s2"])
        expect(yield* sessions.findById("s1")).toEqual(
          Option.some(newSession("s1", "u1", { revokedAt: at(10), revokedReason: "passwordChanged" }))
        )
        expect(yield* sessions.findById("s4")).toEqual(
          Option.some(newSession("s4", "u1", { revokedAt: at(5), revokedReason: "signedOut" }))
        )

        expect(yield* sessions.revokeAllOfUser("u1", "passwordReset", at(20))).toEqual(["s2"])
        expect(yield* sessions.listActiveByUser("u1")).toEqual([])
        expect(yield* sessions.listActiveByUser("u2")).toEqual([newSession("s5", "u2")])
      })
    )
  })
}
