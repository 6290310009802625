import { describe, expect, it } from "@effect/vitest"
import { EmailTaken, RateLimited } from "@verity/domain"
import { Effect, Option } from "effect"
import { ContactMessages } from "../../ports/ContactMessages.ts"
import { OneTimeTokens } from "../../ports/OneTimeTokens.ts"
import { Outbox } from "../../ports/Outbox.ts"
import { RateLimits } from "../../ports/RateLimits.ts"
import { InspectorAccess } from "../../ports/InspectorAccess.ts"
import { Sessions } from "../../ports/Sessions.ts"
import { SessionTrail } from "../../ports/SessionTrail.ts"
import { StoreTransactions } from "../../ports/StoreTransactions.ts"
import { Users } from "../../ports/Users.ts"
import { UserWrites } from "../../ports/UserWrites.ts"
import {
  at,
  keptMail,
  linkHashOf,
  newContactMessage,
  newMail,
  newSession,
  newToken,
  newUser,
  stamp,
  tokenHashOf,
  trailRecord
} from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const durabilitySuite = ({ freshStore }: StoreContractHarness): void => {
  describe("close and reopen", () => {
    it.live("keeps everything after the store is closed and reopened", () =>
      Effect.gen(function* () {
        const store = yield* freshStore
        const written = yield* writeOneOfEach.pipe(Effect.provide(store.open()))
        const reread = yield* readBack(written).pipe(Effect.provide(store.open()))
        expect(reread).toEqual(written)

        const afterReopen = yield* UserWrites.use((userWrites) =>
          Effect.flip(userWrites.create(newUser("u2", written.user.email)))
        ).pipe(Effect.provide(store.open()))
        expect(afterReopen).toBeInstanceOf(EmailTaken)
      })
    )

    it.live("keeps a committed transaction's writes", () =>
      Effect.gen(function* () {
        const store = yield* freshStore
        const created = yield* StoreTransactions.use((transactions) =>
          transactions.transact(
            Effect.gen(function* () {
              const user = yield* UserWrites.use((userWrites) => userWrites.create(newUser("u1")))
              yield* Sessions.use((sessions) => sessions.create(newSession("s1", "u1")))
              return user
            })
          )
        ).pipe(Effect.provide(store.open()))
        const reread = yield* Effect.all([
          Users.use((users) => users.findById("u1")),
          Sessions.use((sessions) => sessions.findById("s1"))
        ]).pipe(Effect.provide(store.open()))
        expect(reread).toEqual([Option.some(created), Option.some(newSession("s1", "u1"))])
      })
    )

    it.live("keeps rate-limit counts and blocks when the store is closed and reopened", () =>
      Effect.gen(function* () {
        const store = yield* freshStore
        const rule = { name: "contract", points: 3, windowSeconds: 60 }
        const blocking = { name: "blocking", points: 1, windowSeconds: 60, blockSeconds: 600 }
        yield* Effect.gen(function* () {
          const limits = yield* RateLimits
          for (let attempt = 0; attempt < 3; attempt++) yield* limits.consume(rule, "ann")
          yield* limits.consume(blocking, "ann")
          yield* Effect.flip(limits.consume(blocking, "ann"))
        }).pipe(Effect.provide(store.open()))

        const refusals = yield* Effect.gen(function* () {
          const limits = yield* RateLimits
          return {
            counted: yield* Effect.flip(limits.consume(rule, "ann")),
            blocked: yield* Effect.flip(limits.consume(blocking, "ann"))
          }
        }).pipe(Effect.provide(store.open()))
        expect(refusals.counted).toBeInstanceOf(RateLimited)
        expect(refusals.counted).toMatchObject({ retryAfterSeconds: expect.toSatisfy((wait: number) => wait <= 60) })
        expect(refusals.blocked).toMatchObject({ retryAfterSeconds: expect.toSatisfy((wait: number) => wait > 590) })
      })
    )
  })
}

const writeOneOfEach = Effect.gen(function* () {
  const userWrites = yield* UserWrites
  const sessions = yield* Sessions
  const tokens = yield* OneTimeTokens
  const outbox = yield* Outbox
  const contactMessages = yield* ContactMessages
  const trail = yield* SessionTrail
  const inspectorAccess = yield* InspectorAccess

  yield* userWrites.create(newUser("u1"))
  const user = Option.getOrThrow(
    yield* userWrites.update("u1", { emailConfirmed: true }, { stamp: stamp("emailConfirmed", 1) })
  )
  yield* sessions.create(newSession("s1", "u1"))
  yield* sessions.create(newSession("s2", "u1"))
  yield* sessions.touch("s1", at(30))
  yield* sessions.revoke("s2", "signedOut", at(31))
  yield* tokens.issue(newToken("t1", "u1", "verifyEmail", at(1)))
  yield* tokens.consume("t1", at(2))
  yield* tokens.issue(newToken("t2", "u1", "resetPassword", at(3)))
  yield* tokens.recordCodeAttempt("t2")
  const sent = yield* outbox.enqueue(newMail("a"), at(1))
  yield* outbox.markSent(sent.id, at(2), keptMail("a"))
  yield* outbox.enqueue(newMail("b"), at(3))
  yield* contactMessages.create(newContactMessage("m1", "u1"))
  yield* trail.append(
    [
      trailRecord("r1", "started", { sessionId: "s1", minutes: 1 }),
      trailRecord("r2", "stepped", { sessionId: "s1", minutes: 2 })
    ],
    { keepPerSessionAndKind: 10 }
  )
  yield* inspectorAccess.open(inspectorAccessRecord)
  yield* inspectorAccess.record(inspectorAuditRecord)

  return {
    user,
    sessions: [Option.getOrThrow(yield* sessions.findById("s1")), Option.getOrThrow(yield* sessions.findById("s2"))],
    tokens: [
      Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t1"))),
      Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t2")))
    ],
    mail: yield* outbox.recent(10),
    contactMessage: Option.getOrThrow(yield* contactMessages.findById("m1")),
    trail: yield* trail.ofSession("s1", 10),
    inspectorAccess: Option.getOrThrow(yield* inspectorAccess.findByTokenHash(inspectorAccessRecord.tokenHash)),
    auditLog: yield* inspectorAccess.auditLog(10)
  }
})

const inspectorAccessRecord = {
  id: "a1",
  tokenHash: "inspector-token-hash",
  createdAt: at(1),
  expiresAt: at(31),
  endedAt: null,
  ip: "192.0.2.7",
  userAgent: "Mozilla/5.0"
}

const inspectorAuditRecord = {
  id: "e1",
  at: at(1),
  action: "signedIn" as const,
  accessId: "a1",
  ip: "192.0.2.7",
  userAgent: "Mozilla/5.0",
  subjectUserId: null,
  expiresAt: at(60)
}

type Written = Effect.Success<typeof writeOneOfEach>

const readBack = (written: Written) =>
  Effect.gen(function* () {
    const users = yield* Users
    const sessions = yield* Sessions
    const tokens = yield* OneTimeTokens
    const outbox = yield* Outbox
    const contactMessages = yield* ContactMessages
    const trail = yield* SessionTrail
    const inspectorAccess = yield* InspectorAccess
    return {
      user: Option.getOrThrow(yield* users.findByEmail(written.user.email)),
      sessions: [
        Option.getOrThrow(yield* sessions.findByTokenHash(tokenHashOf("s1"))),
        Option.getOrThrow(yield* sessions.findByTokenHash(tokenHashOf("s2")))
      ],
      tokens: [
        Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t1"))),
        Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t2")))
      ],
      mail: yield* outbox.recent(10),
      contactMessage: Option.getOrThrow(yield* contactMessages.findById("m1")),
      trail: yield* trail.ofSession("s1", 10),
      inspectorAccess: Option.getOrThrow(yield* inspectorAccess.findByTokenHash(written.inspectorAccess.tokenHash)),
      auditLog: yield* inspectorAccess.auditLog(10)
    }
  })
