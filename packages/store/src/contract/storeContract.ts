import { describe, expect, it } from "@effect/vitest"
import { EmailTaken } from "@verity/domain"
import { Effect, type Layer, Option } from "effect"
import { ContactMessages } from "../ports/ContactMessages.ts"
import { OneTimeTokens } from "../ports/OneTimeTokens.ts"
import { Outbox } from "../ports/Outbox.ts"
import { RateLimits } from "../ports/RateLimits.ts"
import { Sessions } from "../ports/Sessions.ts"
import { StoreHealth } from "../ports/StoreHealth.ts"
import { Users } from "../ports/Users.ts"
import type {
  ContactMessageRecord,
  OneTimeTokenPurpose,
  OneTimeTokenRecord,
  OutgoingMail,
  SessionRecord,
  UserRecord
} from "../records.ts"
import type { StorePorts } from "../StorePorts.ts"

/** One test's store, empty when made. */
export type StoreUnderTest = {
  /**
   * A layer over this store: building it opens the store, closing its scope closes it. Called
   * again once the previous layer is closed, it reopens the same data.
   */
  readonly open: () => Layer.Layer<StorePorts, unknown>
  /** Deletes the store's data (a temporary folder, a database). */
  readonly remove: () => Promise<void>
}

/**
 * The behaviour the API relies on, which every adapter must show. `makeStore` is called once per
 * test and must answer a new, empty store each time.
 */
export const storeContractSuite = (adapterName: string, makeStore: () => Promise<StoreUnderTest>): void => {
  describe(`store contract: ${adapterName}`, () => {
    const freshStore = Effect.acquireRelease(
      Effect.promise(() => makeStore()),
      (store) => Effect.promise(() => store.remove())
    )
    const storeTest = (name: string, test: Effect.Effect<void, unknown, StorePorts>) =>
      it.effect(name, () => Effect.flatMap(freshStore, (store) => Effect.provide(test, store.open())))

    describe("Users", () => {
      storeTest(
        "creates a user at version 1, found by id and by its normalised email",
        Effect.gen(function* () {
          const users = yield* Users
          const created = yield* users.create(newUser("u1", "ada@example.com"))
          expect(created).toEqual({ ...newUser("u1", "ada@example.com"), version: 1 })
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
          const first = yield* users.create(newUser("u1", "ada@example.com"))
          const error = yield* Effect.flip(users.create(newUser("u2", "ada@example.com")))
          expect(error).toBeInstanceOf(EmailTaken)
          expect(yield* users.findById("u2")).toEqual(Option.none())
          expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.some(first))
        })
      )

      storeTest(
        "update applies the patch and bumps the version by exactly one",
        Effect.gen(function* () {
          const users = yield* Users
          const created = yield* users.create(newUser("u1"))
          const confirmed = yield* users.update("u1", { emailConfirmed: true })
          expect(confirmed).toEqual(Option.some({ ...created, emailConfirmed: true, version: 2 }))
          const changed = yield* users.update("u1", { passwordHash: "hash-2", status: "suspended" })
          expect(changed).toEqual(
            Option.some({ ...created, emailConfirmed: true, passwordHash: "hash-2", status: "suspended", version: 3 })
          )
          expect(yield* users.findById("u1")).toEqual(changed)
        })
      )

      storeTest(
        "update with an unmet condition, or of an unknown user, answers None and writes nothing",
        Effect.gen(function* () {
          const users = yield* Users
          const created = yield* users.create(newUser("u1", "ada@example.com"))
          expect(yield* users.update("u1", { emailConfirmed: true }, { email: "old@example.com" })).toEqual(
            Option.none()
          )
          expect(yield* users.update("u1", { emailConfirmed: true }, { version: 2 })).toEqual(Option.none())
          expect(yield* users.update("nobody", { emailConfirmed: true })).toEqual(Option.none())
          expect(yield* users.findById("u1")).toEqual(Option.some(created))

          const updated = yield* users.update("u1", { emailConfirmed: true }, { email: "ada@example.com", version: 1 })
          expect(updated).toEqual(Option.some({ ...created, emailConfirmed: true, version: 2 }))
        })
      )

      storeTest(
        "update to another user's email fails with EmailTaken and changes nothing",
        Effect.gen(function* () {
          const users = yield* Users
          const ada = yield* users.create(newUser("u1", "ada@example.com"))
          yield* users.create(newUser("u2", "bob@example.com"))
          const error = yield* Effect.flip(users.update("u1", { email: "bob@example.com" }))
          expect(error).toBeInstanceOf(EmailTaken)
          expect(yield* users.findById("u1")).toEqual(Option.some(ada))
        })
      )

      storeTest(
        "a changed email is found under the new address and frees the old one",
        Effect.gen(function* () {
          const users = yield* Users
          yield* users.create(newUser("u1", "ada@example.com"))
          const moved = yield* users.update("u1", { email: "ada@new.example.com", emailConfirmed: false })
          expect(yield* users.findByEmail("ada@new.example.com")).toEqual(moved)
          expect(yield* users.findByEmail("ada@example.com")).toEqual(Option.none())
          yield* users.create(newUser("u2", "ada@example.com"))
        })
      )
    })

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
        "issue consumes the earlier unconsumed tokens of the same user and purpose, and no others",
        Effect.gen(function* () {
          yield* createUsers("u1", "u2")
          const tokens = yield* OneTimeTokens
          const first = newToken("t1", "u1", "verifyEmail", at(1))
          const reset = newToken("t2", "u1", "resetPassword", at(2))
          const otherUser = newToken("t3", "u2", "verifyEmail", at(3))
          const second = newToken("t4", "u1", "verifyEmail", at(4))
          for (const token of [first, reset, otherUser, second]) {
            yield* tokens.issue(token)
          }

          const replaced = Option.getOrThrow(yield* tokens.findByLinkHash(first.linkHash))
          expect(replaced.consumedAt).not.toBeNull()
          expect(yield* tokens.findActive("u1", "verifyEmail")).toEqual(Option.some(second))
          expect(yield* tokens.findLatest("u1", "verifyEmail")).toEqual(Option.some(second))
          expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.some(reset))
          expect(yield* tokens.findActive("u2", "verifyEmail")).toEqual(Option.some(otherUser))
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
        "recordWrongCode counts 1, 2, 3",
        Effect.gen(function* () {
          yield* createUsers("u1")
          const tokens = yield* OneTimeTokens
          const token = newToken("t1", "u1", "verifyEmail", at(1))
          yield* tokens.issue(token)
          expect(yield* tokens.recordWrongCode("t1")).toBe(1)
          expect(yield* tokens.recordWrongCode("t1")).toBe(2)
          expect(yield* tokens.recordWrongCode("t1")).toBe(3)
          expect(yield* tokens.findByLinkHash(token.linkHash)).toEqual(Option.some({ ...token, codeAttempts: 3 }))
        })
      )

      storeTest(
        "consumeAllOfUser consumes that user's tokens of every purpose, and no one else's",
        Effect.gen(function* () {
          yield* createUsers("u1", "u2")
          const tokens = yield* OneTimeTokens
          const otherUser = newToken("t3", "u2", "verifyEmail", at(3))
          for (const token of [
            newToken("t1", "u1", "verifyEmail", at(1)),
            newToken("t2", "u1", "resetPassword", at(2)),
            otherUser
          ]) {
            yield* tokens.issue(token)
          }
          yield* tokens.consumeAllOfUser("u1", at(10))
          expect(yield* tokens.findActive("u1", "verifyEmail")).toEqual(Option.none())
          expect(yield* tokens.findActive("u1", "resetPassword")).toEqual(Option.none())
          expect(yield* tokens.findActive("u2", "verifyEmail")).toEqual(Option.some(otherUser))
          expect(yield* tokens.consume("t1", at(11))).toBe(false)
        })
      )
    })

    describe("Outbox", () => {
      storeTest(
        "enqueue stores the mail with a new id, due at once, not yet attempted",
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const first = yield* outbox.enqueue(newMail("a"), at(1))
          const second = yield* outbox.enqueue(newMail("b"), at(1))
          expect(first).toEqual({
            id: first.id,
            mail: newMail("a"),
            createdAt: at(1),
            attempts: 0,
            nextAttemptAt: at(1),
            sentAt: null,
            failedAt: null,
            lastError: null
          })
          expect(first.id).not.toBe("")
          expect(second.id).not.toBe(first.id)
          expect(yield* outbox.due(at(1), 10)).toEqual([first, second])
        })
      )

      storeTest(
        "due answers only the messages due at `now`, oldest first, up to the limit",
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const a = yield* outbox.enqueue(newMail("a"), at(1))
          const b = yield* outbox.enqueue(newMail("b"), at(2))
          const c = yield* outbox.enqueue(newMail("c"), at(5))
          expect(yield* outbox.due(at(0), 10)).toEqual([])
          expect(yield* outbox.due(at(3), 10)).toEqual([a, b])
          expect(yield* outbox.due(at(5), 10)).toEqual([a, b, c])
          expect(yield* outbox.due(at(5), 2)).toEqual([a, b])
        })
      )

      storeTest(
        "a sent message is no longer due",
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const a = yield* outbox.enqueue(newMail("a"), at(1))
          const b = yield* outbox.enqueue(newMail("b"), at(1))
          yield* outbox.markSent(a.id, at(2))
          expect(yield* outbox.due(at(3), 10)).toEqual([b])
          const [sent] = (yield* outbox.recent(10)).filter((message) => message.id === a.id)
          expect(sent?.sentAt).toBe(at(2))
        })
      )

      storeTest(
        "a failed message with a retry time is due again from that time, with the attempt and error kept",
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const a = yield* outbox.enqueue(newMail("a"), at(1))
          yield* outbox.markFailed(a.id, "421 try later", at(10), at(2))
          expect(yield* outbox.due(at(9), 10)).toEqual([])
          expect(yield* outbox.due(at(10), 10)).toEqual([
            { ...a, attempts: 1, nextAttemptAt: at(10), lastError: "421 try later" }
          ])
        })
      )

      storeTest(
        "a message given up on is never due again",
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const a = yield* outbox.enqueue(newMail("a"), at(1))
          yield* outbox.markFailed(a.id, "550 no such user", null, at(2))
          expect(yield* outbox.due(at(60 * 24 * 365), 10)).toEqual([])
          const [failed] = yield* outbox.recent(1)
          expect(failed).toMatchObject({ id: a.id, attempts: 1, failedAt: at(2), lastError: "550 no such user" })
        })
      )

      storeTest(
        "recent answers the newest messages first, up to the limit",
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const a = yield* outbox.enqueue(newMail("a"), at(1))
          const b = yield* outbox.enqueue(newMail("b"), at(2))
          const c = yield* outbox.enqueue(newMail("c"), at(3))
          expect(yield* outbox.recent(10)).toEqual([c, b, a])
          expect(yield* outbox.recent(2)).toEqual([c, b])
        })
      )
    })

    describe("ContactMessages", () => {
      storeTest(
        "creates a contact message, found by id",
        Effect.gen(function* () {
          yield* createUsers("u1")
          const contactMessages = yield* ContactMessages
          const message = newContactMessage("m1", "u1")
          yield* contactMessages.create(message)
          expect(yield* contactMessages.findById("m1")).toEqual(Option.some(message))
          expect(yield* contactMessages.findById("unknown")).toEqual(Option.none())
        })
      )
    })

    describe("StoreHealth", () => {
      storeTest(
        "ping succeeds while the store is open",
        Effect.gen(function* () {
          const health = yield* StoreHealth
          yield* health.ping
        })
      )
    })

    describe("RateLimits", () => {
      const rule = { name: "contract", points: 3, windowSeconds: 60 }
      const consume = (key: string) =>
        RateLimits.use((limits) => limits.limiter(rule)).pipe(
          Effect.flatMap((limiter) =>
            Effect.promise(() =>
              limiter.consume(key).then(
                () => "allowed" as const,
                (refusal: { msBeforeNext: number }) => refusal.msBeforeNext
              )
            )
          )
        )

      storeTest(
        "allows the rule's points per key, then refuses with the time left in the window",
        Effect.gen(function* () {
          for (let attempt = 0; attempt < 3; attempt++) expect(yield* consume("ann")).toBe("allowed")
          const refusal = yield* consume("ann")
          expect(refusal).toBeGreaterThan(55_000)
          expect(refusal).toBeLessThanOrEqual(60_000)
          expect(yield* consume("bob")).toBe("allowed")
        })
      )

      it.effect("keeps its counts when the store is closed and reopened", () =>
        Effect.gen(function* () {
          const store = yield* freshStore
          for (let attempt = 0; attempt < 3; attempt++) yield* consume("ann").pipe(Effect.provide(store.open()))
          expect(typeof (yield* consume("ann").pipe(Effect.provide(store.open())))).toBe("number")
        })
      )
    })

    it.effect("keeps everything after the store is closed and reopened", () =>
      Effect.gen(function* () {
        const store = yield* freshStore
        const written = yield* writeOneOfEach.pipe(Effect.provide(store.open()))
        const reread = yield* readBack(written).pipe(Effect.provide(store.open()))
        expect(reread).toEqual(written)

        const afterReopen = yield* Effect.gen(function* () {
          const users = yield* Users
          return yield* Effect.flip(users.create(newUser("u2", written.user.email)))
        }).pipe(Effect.provide(store.open()))
        expect(afterReopen).toBeInstanceOf(EmailTaken)
      })
    )
  })
}

const writeOneOfEach = Effect.gen(function* () {
  const users = yield* Users
  const sessions = yield* Sessions
  const tokens = yield* OneTimeTokens
  const outbox = yield* Outbox
  const contactMessages = yield* ContactMessages

  yield* users.create(newUser("u1"))
  const user = Option.getOrThrow(yield* users.update("u1", { emailConfirmed: true }))
  yield* sessions.create(newSession("s1", "u1"))
  yield* sessions.create(newSession("s2", "u1"))
  yield* sessions.touch("s1", at(30))
  yield* sessions.revoke("s2", "signedOut", at(31))
  yield* tokens.issue(newToken("t1", "u1", "verifyEmail", at(1)))
  yield* tokens.consume("t1", at(2))
  yield* tokens.issue(newToken("t2", "u1", "resetPassword", at(3)))
  yield* tokens.recordWrongCode("t2")
  const sent = yield* outbox.enqueue(newMail("a"), at(1))
  yield* outbox.markSent(sent.id, at(2))
  yield* outbox.enqueue(newMail("b"), at(3))
  yield* contactMessages.create(newContactMessage("m1", "u1"))

  return {
    user,
    sessions: [Option.getOrThrow(yield* sessions.findById("s1")), Option.getOrThrow(yield* sessions.findById("s2"))],
    tokens: [
      Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t1"))),
      Option.getOrThrow(yield* tokens.findByLinkHash(linkHashOf("t2")))
    ],
    mail: yield* outbox.recent(10),
    contactMessage: Option.getOrThrow(yield* contactMessages.findById("m1"))
  }
})

type Written = Effect.Success<typeof writeOneOfEach>

const readBack = (written: Written) =>
  Effect.gen(function* () {
    const users = yield* Users
    const sessions = yield* Sessions
    const tokens = yield* OneTimeTokens
    const outbox = yield* Outbox
    const contactMessages = yield* ContactMessages
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
      contactMessage: Option.getOrThrow(yield* contactMessages.findById("m1"))
    }
  })

/** Sessions, tokens and messages belong to users that exist (an adapter may enforce it). */
const createUsers = (...ids: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const users = yield* Users
    for (const id of ids) {
      yield* users.create(newUser(id))
    }
  })

// Fixed instants keep ordering assertions deterministic.
const at = (minutes: number): string => new Date(Date.UTC(2030, 0, 1) + minutes * 60_000).toISOString()

const newUser = (id: string, email = `${id}@example.com`): Omit<UserRecord, "version"> => ({
  id,
  email,
  emailConfirmed: false,
  status: "active",
  passwordHash: `argon2id-hash-of-${id}`,
  createdAt: at(0)
})

const tokenHashOf = (sessionId: string): string => `token-hash-${sessionId}`

const newSession = (id: string, userId: string, fields: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  tokenHash: tokenHashOf(id),
  userId,
  createdAt: at(1),
  lastSeenAt: at(1),
  expiresAt: at(60 * 24 * 30),
  userAgent: "Mozilla/5.0",
  ip: "192.0.2.1",
  label: null,
  revokedAt: null,
  revokedReason: null,
  ...fields
})

const linkHashOf = (tokenId: string): string => `link-hash-${tokenId}`

const newToken = (id: string, userId: string, purpose: OneTimeTokenPurpose, createdAt: string): OneTimeTokenRecord => ({
  id,
  purpose,
  userId,
  email: `${userId}@example.com`,
  linkHash: linkHashOf(id),
  codeHash: `code-hash-${id}`,
  createdAt,
  linkExpiresAt: at(60 * 24),
  codeExpiresAt: at(15),
  codeAttempts: 0,
  consumedAt: null
})

const newMail = (name: string): OutgoingMail => ({
  to: `${name}@example.com`,
  subject: `Hello ${name}`,
  text: `Hello ${name}, this is plain text.`,
  html: `<p>Hello ${name}</p>`
})

const newContactMessage = (id: string, userId: string): ContactMessageRecord => ({
  id,
  userId,
  email: `${userId}@example.com`,
  subject: "Cannot share a file",
  message: "Sharing says my email is not confirmed.",
  createdAt: at(5)
})
