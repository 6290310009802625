// Over 200 lines on purpose: the manager's races and fan-out (rebuilds meeting dispatches and revocations, versions, activity) need one shared in-memory setup.
import type { UserChange, UserChangeCause } from "@verity/domain"
import {
  EmbeddedStore,
  type NewUserRecord,
  Sessions,
  type UserChangeStamp,
  type UserRecord,
  Users,
  UserWrites
} from "@verity/store"
import { ConfigProvider, Effect, Fiber, Latch, Layer, Option } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { AppConfig } from "../config/AppConfig.ts"
import { CurrentRequestId } from "../requests/CurrentRequestId.ts"
import { SessionActivity } from "./activity/SessionActivity.ts"
import { LastSeenWrites } from "./live/LastSeenWrites.ts"
import { SessionEviction } from "./live/SessionEviction.ts"
import { SessionLoader } from "./live/SessionLoader.ts"
import { LiveSessions } from "./live/SessionRegistry.ts"
import { publicUser } from "./sessionRecords.ts"
import { SessionManager } from "./SessionManager.ts"
import { whoamiOf } from "./whoami.ts"

// The races the model test cannot produce with a synchronous store: a change or a revocation
// that lands while a dormant session is being rebuilt from the store must not be lost.

const dirs: Array<string> = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/**
 * SessionManager over the embedded store whose user reads, once read, are held until the test
 * opens `release`; `reading` opens when a read is being held.
 */
const managerWithHeldUserReads = async ({ reading, release }: Gates) => {
  const dir = await mkdtemp(join(tmpdir(), "verity-manager-"))
  dirs.push(dir)
  const store = EmbeddedStore.layer({ dataDir: dir })
  const holdReads = (users: Users["Service"]) =>
    Users.of({
      ...users,
      findById: (id) => users.findById(id).pipe(Effect.tap(() => Effect.andThen(reading.open, release.await)))
    })
  return Layer.mergeAll(SessionManager.layer, SessionEviction.layer).pipe(
    Layer.provideMerge(SessionLoader.layer),
    Layer.provideMerge(LiveSessions.layer),
    Layer.provideMerge(SessionActivity.layer),
    Layer.provideMerge(LastSeenWrites.layer),
    Layer.updateService(Users, holdReads),
    Layer.provideMerge(store),
    Layer.provide(AppConfig.layer),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord({ DATA_DIR: dir })))
  )
}

const newUser = (id: string): NewUserRecord => ({
  id,
  email: `${id}@example.test`,
  emailConfirmed: false,
  status: "active",
  passwordHash: "not-used",
  createdFrom: null,
  createdAt: new Date().toISOString()
})

const client = { userAgent: null, ip: null }

const stamp = (cause: UserChangeStamp["cause"]): UserChangeStamp => ({ cause, at: new Date().toISOString() })

/** The change as UserChanges dispatches it once `user` is committed. */
const changeOf = (user: UserRecord, cause: UserChangeCause): UserChange => ({
  user: publicUser(user),
  version: user.version,
  cause,
  committedAt: user.lastChange?.at ?? null
})

type Gates = { readonly reading: Latch.Latch; readonly release: Latch.Latch }
const openGates = (): Gates => ({ reading: Latch.makeUnsafe(false), release: Latch.makeUnsafe(true) })

/** A dormant session whose rebuild has read the user and is held before it becomes live. */
const scenario = Effect.fn(function* ({ reading, release }: Gates) {
  const manager = yield* SessionManager
  const writes = yield* UserWrites
  const user = yield* writes.create(newUser(crypto.randomUUID()))
  const { token, session } = yield* manager.open(user, client)
  yield* (yield* SessionEviction).evictAll
  yield* release.close
  const rebuilding = yield* Effect.forkChild(manager.authenticate(token))
  yield* reading.await
  return { manager, writes, user, token, sessionId: session.sessionId, rebuilding }
})

describe("SessionManager rebuilds", () => {
  it("a confirmation dispatched while a dormant session is being rebuilt reaches it", async () => {
    const gates = openGates()
    const whoami = await Effect.runPromise(
      Effect.gen(function* () {
        const { manager, writes, user, rebuilding } = yield* scenario(gates)
        // The rebuild has read the session and now waits for the user; the change lands meanwhile.
        const confirmed = Option.getOrThrow(
          yield* writes.update(user.id, { emailConfirmed: true }, { stamp: stamp("emailConfirmed") })
        )
        yield* manager.dispatch(changeOf(confirmed, "emailConfirmed"))
        yield* gates.release.open
        return whoamiOf((yield* Fiber.join(rebuilding)).snapshot)
      }).pipe(Effect.scoped, Effect.provide(await managerWithHeldUserReads(gates)))
    )
    expect(whoami.user.emailConfirmed).toBe(true)
    expect(whoami.session.state).toBe("active.verified")
    expect(whoami.userVersion).toBe(2)
  })

  it("a revocation made while a dormant session is being rebuilt is final", async () => {
    const gates = openGates()
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        const { manager, token, sessionId, rebuilding } = yield* scenario(gates)
        expect(yield* manager.revoke(sessionId, "revokedByUser")).toBe(true)
        yield* gates.release.open
        yield* Fiber.await(rebuilding)
        return yield* Effect.flip(manager.authenticate(token))
      }).pipe(Effect.scoped, Effect.provide(await managerWithHeldUserReads(gates)))
    )
    expect(outcome).toMatchObject({ _tag: "SessionRevoked", revokedReason: "revokedByUser" })
  })

  it("dispatch moves only the changed user's sessions, and ignores a repeated or older event", async () => {
    await Effect.runPromise(
      Effect.gen(function* () {
        const manager = yield* SessionManager
        const writes = yield* UserWrites
        const sessions = yield* Sessions
        const alice = yield* writes.create(newUser(`alice-${crypto.randomUUID()}`))
        const bob = yield* writes.create(newUser(`bob-${crypto.randomUUID()}`))
        const aliceSession = (yield* manager.open(alice, client)).session
        const bobSession = (yield* manager.open(bob, client)).session
        const confirmed = Option.getOrThrow(
          yield* writes.update(alice.id, { emailConfirmed: true }, { stamp: stamp("emailConfirmed") })
        )
        const change = changeOf(confirmed, "emailConfirmed")
        yield* manager.dispatch(change)
        yield* manager.dispatch(change)
        yield* manager.dispatch({ ...change, user: publicUser(alice), version: alice.version })
        expect(whoamiOf(aliceSession.snapshot)).toMatchObject({ user: { emailConfirmed: true }, userVersion: 2 })
        expect(whoamiOf(bobSession.snapshot)).toMatchObject({ user: { emailConfirmed: false }, userVersion: 1 })
        expect((yield* sessions.listActiveByUser(alice.id)).length).toBe(1)
      }).pipe(Effect.scoped, Effect.provide(await managerWithHeldUserReads(openGates())))
    )
  })

  it("tells SessionActivity of each step a dispatch made, of the dispatch, and of evictions and rebuilds", async () => {
    const heard = await Effect.runPromise(
      Effect.gen(function* () {
        const manager = yield* SessionManager
        const writes = yield* UserWrites
        const activity = yield* SessionActivity
        const user = yield* writes.create(newUser(crypto.randomUUID()))
        const first = (yield* manager.open(user, client)).session
        const second = yield* manager.open(user, client)
        const told: Array<string> = []
        activity.subscribe((event) => {
          if (event._tag === "Stepped") told.push(`stepped ${event.session.sessionId} ${event.origin.requestId}`)
          if (event._tag === "Dispatched") told.push(`dispatched to ${event.sessionIds.length}`)
          if (event._tag === "Evicted") told.push(`evicted ${event.sessionIds.length}`)
          if (event._tag === "Rebuilt") told.push(`rebuilt ${event.session.sessionId}`)
        })
        const confirmed = Option.getOrThrow(
          yield* writes.update(user.id, { emailConfirmed: true }, { stamp: stamp("emailConfirmed") })
        )
        yield* manager
          .dispatch(changeOf(confirmed, "emailConfirmed"))
          .pipe(Effect.provideService(CurrentRequestId, "request-7"))
        yield* (yield* SessionEviction).evictAll
        yield* manager.authenticate(second.token)
        return told.map((line) => line.replace(first.sessionId, "first").replace(second.session.sessionId, "second"))
      }).pipe(Effect.scoped, Effect.provide(await managerWithHeldUserReads(openGates())))
    )
    expect(heard).toEqual([
      "stepped first request-7",
      "stepped second request-7",
      "dispatched to 2",
      "evicted 2",
      "rebuilt second"
    ])
  })

  it("a version gap makes the actors reload the user from the store", async () => {
    const whoami = await Effect.runPromise(
      Effect.gen(function* () {
        const manager = yield* SessionManager
        const writes = yield* UserWrites
        const user = yield* writes.create(newUser(crypto.randomUUID()))
        const { session } = yield* manager.open(user, client)
        // Two changes are committed but only the second is announced (the first was missed).
        yield* writes.update(user.id, { emailConfirmed: true }, { stamp: stamp("emailConfirmed") })
        const latest = Option.getOrThrow(
          yield* writes.changeEmail(
            user.id,
            { from: user.email, to: `renamed-${user.email}`, confirmed: true },
            stamp("emailChanged")
          )
        )
        yield* manager.dispatch({
          user: { ...publicUser(latest), emailConfirmed: false },
          version: latest.version,
          cause: "emailChanged",
          committedAt: latest.lastChange?.at ?? null
        })
        return whoamiOf(session.snapshot)
      }).pipe(Effect.scoped, Effect.provide(await managerWithHeldUserReads(openGates())))
    )
    // What the store says, not what the (deliberately wrong) gapped event said.
    expect(whoami.user.emailConfirmed).toBe(true)
    expect(whoami.user.email).toMatch(/^renamed-/)
    expect(whoami.userVersion).toBe(3)
  })
})
