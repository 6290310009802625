// Over 200 lines on purpose: the change feed's life (order, echo, resume, resync, lag) against one test double, one case per way it can go wrong.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { type MongoTestServer, startMongoTestServer } from "@verity/mongo-test-server"
import { Effect, Option, Queue, type Scope, Stream } from "effect"
import { MongoClient } from "mongodb"
import { type UserChangeFeedEvent, UserChangeFeed } from "../ports/UserChangeFeed.ts"
import { Sessions } from "../ports/Sessions.ts"
import { UserWrites } from "../ports/UserWrites.ts"
import type { NewUserRecord, UserChangeStamp } from "../records.ts"
import { StoreError } from "../StoreError.ts"
import type { SessionDocument, UserDocument } from "./collections.ts"
import { MongoStore } from "./MongoStore.ts"

let server: MongoTestServer
/** Writes as an operator would: straight into the collection, bypassing the store. */
let direct: MongoClient

beforeAll(async () => {
  server = await startMongoTestServer()
  direct = await new MongoClient(server.uri).connect()
})

afterAll(async () => {
  await direct.close()
  await server.close()
})

let databases = 0

/** Runs `test` against a store on a database of its own; what it forks ends before the store closes. */
const withStore = <A, E>(
  test: (dbName: string) => Effect.Effect<A, E, UserWrites | Sessions | UserChangeFeed | Scope.Scope>
) => {
  const dbName = `feed_${++databases}`
  return Effect.scoped(test(dbName)).pipe(Effect.provide(MongoStore.layer({ uri: server.uri, dbName })))
}

const newUser = (id: string): NewUserRecord => ({
  id,
  email: `${id}@example.com`,
  emailConfirmed: false,
  status: "active",
  passwordHash: `argon2id-hash-of-${id}`,
  createdFrom: null,
  createdAt: new Date(Date.UTC(2030, 0, 1)).toISOString()
})

let stamps = 0
/** A stamp as UserChanges makes one, each with a new time (as every real write has). */
const nextStamp = (cause: UserChangeStamp["cause"]): UserChangeStamp => ({
  cause,
  at: new Date(Date.UTC(2030, 0, 1) + ++stamps * 1000).toISOString()
})

const changed = (userId: string, version: number) => (change: UserChangeFeedEvent) =>
  change._tag === "Changed" && change.user.id === userId && change.user.version === version

/** Takes changes until one matches, answering all it took; fails the test if none comes in time. */
const takeUntil = (received: Queue.Queue<UserChangeFeedEvent>, matches: (change: UserChangeFeedEvent) => boolean) =>
  Effect.gen(function* () {
    const seen: Array<UserChangeFeedEvent> = []
    for (;;) {
      const change = yield* Queue.take(received)
      seen.push(change)
      if (matches(change)) return seen
    }
  }).pipe(Effect.timeout("5 seconds"))

/**
 * Subscribes to the feed and returns once it is live. The change stream opens when first pulled,
 * asynchronously, and reports nothing written before, so this probes with no-op updates of
 * `userId` (each bumps the version) until one arrives.
 */
const subscribe = (userId: string) =>
  Effect.gen(function* () {
    const feed = yield* UserChangeFeed
    const userWrites = yield* UserWrites
    const received = yield* Queue.unbounded<UserChangeFeedEvent>()
    yield* feed.changes.pipe(
      Stream.runForEach((change) => Queue.offer(received, change)),
      Effect.forkScoped
    )
    for (;;) {
      yield* userWrites.update(userId, {}, { stamp: nextStamp("externalWrite") })
      if (Option.isSome(yield* Queue.take(received).pipe(Effect.timeoutOption("200 millis")))) return received
    }
  })

/** MongoDB's failCommand fail point over the commands a change stream sends. */
const failChangeStreams = (mode: "alwaysOn" | "off", errorCode = 11601 /* Interrupted */) =>
  Effect.promise(() =>
    direct.db("admin").command({
      configureFailPoint: "failCommand",
      mode,
      data: { failCommands: ["aggregate", "getMore"], errorCode }
    })
  )

/** A session of user u4, as sign-in stores it. */
const sessionOfU4 = (id: string) => ({
  id,
  tokenHash: `hash-${id}`,
  userId: "u4",
  createdAt: "2030-01-01T00:00:00.000Z",
  lastSeenAt: "2030-01-01T00:00:00.000Z",
  expiresAt: "2030-02-01T00:00:00.000Z",
  userAgent: null,
  ip: null,
  revokedAt: null,
  revokedReason: null
})

describe("UserChangeFeed on MongoDB (change stream on the test double)", () => {
  it.live(
    "a write through UserWrites arrives with its stamp's cause, a direct write to the collection as externalWrite",
    () =>
      withStore((dbName) =>
        Effect.gen(function* () {
          const userWrites = yield* UserWrites
          yield* userWrites.create(newUser("u1"))
          const received = yield* subscribe("u1")

          const confirmed = Option.getOrThrow(
            yield* userWrites.update("u1", { emailConfirmed: true }, { stamp: nextStamp("emailConfirmed") })
          )
          const viaPort = yield* takeUntil(received, changed("u1", confirmed.version))
          expect(viaPort.at(-1)).toEqual({ _tag: "Changed", user: confirmed, cause: "emailConfirmed" })

          // As an operator would in the shell: set a field and bump the version, without a stamp.
          yield* Effect.promise(() =>
            direct
              .db(dbName)
              .collection<UserDocument>("users")
              .updateOne({ _id: "u1" }, { $set: { status: "suspended" }, $inc: { version: 1 } })
          )
          const viaDriver = yield* takeUntil(received, changed("u1", confirmed.version + 1))
          expect(viaDriver.at(-1)).toEqual({
            _tag: "Changed",
            user: { ...confirmed, status: "suspended", version: confirmed.version + 1 },
            cause: "externalWrite"
          })
        })
      )
  )

  it.live(
    "the cause is this write's own, whether it stamps a user for the first time, with a new cause or with the same one",
    () =>
      withStore((dbName) =>
        Effect.gen(function* () {
          const userWrites = yield* UserWrites
          yield* userWrites.create(newUser("probe"))
          const received = yield* subscribe("probe")
          const causes = (userId: string, version: number) =>
            takeUntil(received, changed(userId, version)).pipe(
              Effect.map((seen) => seen.flatMap((change) => (change._tag === "Changed" ? [change.cause] : [])).at(-1))
            )

          // A sign-up leaves no stamp, as an operator's insert would not.
          yield* userWrites.create(newUser("u1"))
          expect(yield* causes("u1", 1)).toBe("externalWrite")
          // The first stamp: `lastChange` goes from null to a document, reported whole.
          yield* userWrites.update("u1", { emailConfirmed: true }, { stamp: nextStamp("emailConfirmed") })
          expect(yield* causes("u1", 2)).toBe("emailConfirmed")
          // A new cause: MongoDB reports `lastChange.cause` and `lastChange.at`.
          yield* userWrites.update("u1", { passwordHash: "hash-2" }, { stamp: nextStamp("passwordChanged") })
          expect(yield* causes("u1", 3)).toBe("passwordChanged")
          // The same cause again: only `lastChange.at` changes.
          yield* userWrites.update("u1", { passwordHash: "hash-3" }, { stamp: nextStamp("passwordChanged") })
          expect(yield* causes("u1", 4)).toBe("passwordChanged")
          yield* userWrites.changeEmail(
            "u1",
            { from: "u1@example.com", to: "u1@new.example.com", confirmed: false },
            nextStamp("emailChanged")
          )
          expect(yield* causes("u1", 5)).toBe("emailChanged")
          // A direct write right after a stamped one does not inherit its stamp.
          yield* Effect.promise(() =>
            direct
              .db(dbName)
              .collection<UserDocument>("users")
              .updateOne({ _id: "u1" }, { $set: { emailConfirmed: true }, $inc: { version: 1 } })
          )
          expect(yield* causes("u1", 6)).toBe("externalWrite")
          // A replacement carries its own stamp, or none.
          const stored = yield* Effect.promise(() =>
            direct.db(dbName).collection<UserDocument>("users").findOne({ _id: "u1" })
          )
          const { _id, ...fields } = stored!
          const replaceWith = (document: Omit<UserDocument, "_id">) =>
            Effect.promise(() => direct.db(dbName).collection<UserDocument>("users").replaceOne({ _id }, document))
          yield* replaceWith({ ...fields, version: 7, lastChange: nextStamp("suspended") })
          expect(yield* causes("u1", 7)).toBe("suspended")
          const { lastChange: _removed, ...unstamped } = fields
          yield* replaceWith({ ...unstamped, version: 8 })
          expect(yield* causes("u1", 8)).toBe("externalWrite")
        })
      )
  )

  it.live("after a failure it resumes from its last token: what was written meanwhile arrives, without a resync", () =>
    withStore((dbName) =>
      Effect.gen(function* () {
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1"))
        yield* userWrites.create(newUser("u2"))
        const received = yield* subscribe("u1")

        yield* failChangeStreams("alwaysOn")
        // The getMore already waiting answers with this; the next one fails, and so does every reopening.
        const sentinel = Option.getOrThrow(
          yield* userWrites.update("u1", { emailConfirmed: true }, { stamp: nextStamp("emailConfirmed") })
        )
        yield* Effect.sleep("300 millis")
        yield* userWrites.update("u2", { emailConfirmed: true }, { stamp: nextStamp("emailConfirmed") })
        yield* Effect.promise(() =>
          direct
            .db(dbName)
            .collection<UserDocument>("users")
            .updateOne({ _id: "u2" }, { $inc: { version: 1 } })
        )
        yield* Effect.sleep("300 millis")
        const { count } = yield* failChangeStreams("off")
        expect(count).toBeGreaterThan(0)

        const seen = yield* takeUntil(received, changed("u2", 3))
        expect(seen.some(changed("u1", sentinel.version))).toBe(true)
        expect(seen.filter((change) => change._tag === "ResyncNeeded")).toEqual([])
      })
    )
  )

  it.live("when its resume point is gone it goes on from now and says ResyncNeeded first", () =>
    withStore(() =>
      Effect.gen(function* () {
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1"))
        yield* userWrites.create(newUser("u2"))
        const received = yield* subscribe("u1")

        yield* failChangeStreams("alwaysOn")
        yield* userWrites.update("u1", { emailConfirmed: true }, { stamp: nextStamp("emailConfirmed") })
        yield* Effect.sleep("300 millis")
        // Written while the feed is down, then gone from the history, as when the oplog rolls over.
        yield* userWrites.update("u2", { emailConfirmed: true }, { stamp: nextStamp("emailConfirmed") })
        server.forgetChangeHistory()
        yield* failChangeStreams("off")

        const seen = yield* takeUntil(received, (change) => change._tag === "ResyncNeeded")
        expect(seen.some(changed("u2", 2))).toBe(false)
        const later = Option.getOrThrow(
          yield* userWrites.update("u1", { status: "suspended" }, { stamp: nextStamp("suspended") })
        )
        yield* takeUntil(received, changed("u1", later.version))
      })
    )
  )

  it.live("when the users collection is dropped it says ResyncNeeded and reports changes again", () =>
    withStore((dbName) =>
      Effect.gen(function* () {
        const userWrites = yield* UserWrites
        yield* userWrites.create(newUser("u1"))
        const received = yield* subscribe("u1")

        yield* Effect.promise(() => direct.db(dbName).collection("users").drop())
        yield* takeUntil(received, (change) => change._tag === "ResyncNeeded")
        yield* userWrites.create(newUser("u3"))
        yield* takeUntil(received, changed("u3", 1))
      })
    )
  )

  it.live("fails with StoreError when the server refuses change streams (not a replica set)", () =>
    withStore(() =>
      Effect.gen(function* () {
        const feed = yield* UserChangeFeed
        yield* failChangeStreams("alwaysOn", 40573)
        const error = yield* Effect.flip(Stream.runDrain(feed.changes)).pipe(Effect.ensuring(failChangeStreams("off")))
        expect(error).toBeInstanceOf(StoreError)
      })
    )
  )

  it.live("session revocations arrive, through the port or written directly, but activity does not", () =>
    withStore((dbName) =>
      Effect.gen(function* () {
        const userWrites = yield* UserWrites
        const sessions = yield* Sessions
        yield* userWrites.create(newUser("u4"))
        yield* sessions.create(sessionOfU4("s1"))
        yield* sessions.create(sessionOfU4("s2"))
        const received = yield* subscribe("u4")

        yield* sessions.touch("s1", "2030-01-01T00:05:00.000Z")
        yield* sessions.revoke("s1", "revokedByUser", "2030-01-01T00:06:00.000Z")
        const viaPort = yield* takeUntil(received, (change) => change._tag === "SessionRevoked")
        expect(viaPort.filter((change) => change._tag === "SessionRevoked")).toEqual([
          { _tag: "SessionRevoked", sessionId: "s1", reason: "revokedByUser" }
        ])

        yield* Effect.promise(() =>
          direct
            .db(dbName)
            .collection<SessionDocument>("sessions")
            .updateOne({ _id: "s2" }, { $set: { revokedAt: "2030-01-01T00:07:00.000Z", revokedReason: "suspended" } })
        )
        const viaDriver = yield* takeUntil(received, (change) => change._tag === "SessionRevoked")
        expect(viaDriver.at(-1)).toEqual({ _tag: "SessionRevoked", sessionId: "s2", reason: "suspended" })
      })
    )
  )
})
