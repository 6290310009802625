import { advanceSession, type SessionEvent, type SessionSnapshot, startSession } from "@verity/session-machine"
import { EmbeddedStore, SessionTrail, StoreError } from "@verity/store"
import { ConfigProvider, Effect, Layer, Logger } from "effect"
import { describe, expect, it } from "vitest"
import { AppConfig } from "../config/AppConfig.ts"
import { SessionActivity } from "../sessions/activity/SessionActivity.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { SessionTrailRecorder } from "./SessionTrailRecorder.ts"

// The recorder on its own, fed SessionActivity events by hand: what it keeps of a busy session,
// and what happens when the store refuses to take it.

const start = (sessionId: string): LiveSession => ({
  sessionId,
  userId: "user-1",
  tokenHash: `hash-${sessionId}`,
  snapshot: startSession({
    user: {
      id: "user-1",
      email: "ann@example.com",
      emailConfirmed: false,
      status: "active",
      createdAt: "2030-01-01T00:00:00.000Z"
    },
    userVersion: 1,
    session: {
      id: sessionId,
      createdAt: "2030-01-01T00:00:00.000Z",
      lastSeenAt: "2030-01-01T00:00:00.000Z",
      expiresAt: "2030-02-01T00:00:00.000Z",
      userAgent: null,
      ip: null
    },
    idleTimeoutMs: 7 * 86_400_000
  }),
  lastRequestAt: 0,
  lastSeenPersistedAt: 0
})

const origin = { atMs: Date.parse("2030-01-01T00:00:00.000Z"), requestId: "req-1" }

/** Steps the session as the registry does, and tells SessionActivity as the registry does. */
const step = (activity: SessionActivity["Service"], session: LiveSession, event: SessionEvent) => {
  const before: SessionSnapshot = session.snapshot
  session.snapshot = advanceSession(before, event).snapshot
  activity.publish({ _tag: "Stepped", session, event, before, after: session.snapshot, origin })
}

const failingTrail = Layer.succeed(
  SessionTrail,
  SessionTrail.of({
    append: () => Effect.fail(new StoreError({ operation: "SessionTrail.append", cause: new Error("disk full") })),
    ofSession: () => Effect.succeed([]),
    ofUser: () => Effect.succeed([]),
    latestOfSessions: () => Effect.succeed([]),
    dispatchesOf: () => Effect.succeed([]),
    expire: () => Effect.succeed(0)
  })
)

const recorderOver = (trail: Layer.Layer<SessionTrail, unknown>, logged: Array<string>) =>
  SessionTrailRecorder.layer.pipe(
    Layer.provideMerge(SessionActivity.layer),
    Layer.provideMerge(trail),
    Layer.provide(AppConfig.layer),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord({ INSTANCE_ID: "test-instance" }))),
    Layer.provideMerge(Logger.layer([Logger.map(Logger.formatLogFmt, (line) => void logged.push(line))]))
  )

describe("SessionTrailRecorder", () => {
  it("keeps a busy session's touches once a minute, and every other step", async () => {
    const logged: Array<string> = []
    const kinds = await Effect.runPromise(
      Effect.gen(function* () {
        const activity = yield* SessionActivity
        const session = start("s1")
        activity.publish({ _tag: "Opened", session, origin })
        for (const second of [1, 2, 3, 59])
          step(activity, session, { type: "TOUCH", at: `2030-01-01T00:00:${String(second).padStart(2, "0")}.000Z` })
        step(activity, session, { type: "TOUCH", at: "2030-01-01T00:01:00.000Z" })
        step(activity, session, { type: "TOUCH", at: "2030-01-01T00:01:30.000Z" })
        step(activity, session, { type: "REVOKE", reason: "signedOut" })
        yield* (yield* SessionTrailRecorder).flush
        const records = yield* (yield* SessionTrail).ofSession("s1", 100)
        return records.map((record) =>
          record.kind === "touched" ? `touched at ${(record.event as { at: string }).at}` : record.kind
        )
      }).pipe(Effect.scoped, Effect.provide(recorderOver(EmbeddedStore.layer({ dataDir: ":memory:" }), logged)))
    )
    // The first minute's touches are folded into the start; 00:01:30 into 00:01:00's minute.
    expect(kinds).toEqual(["started", "touched at 2030-01-01T00:01:00.000Z", "stepped"])
    expect(logged).toEqual([])
  })

  it("never fails the step when the store refuses the trail: the records are counted as lost and logged", async () => {
    const logged: Array<string> = []
    const stats = await Effect.runPromise(
      Effect.gen(function* () {
        const activity = yield* SessionActivity
        const session = start("s1")
        activity.publish({ _tag: "Opened", session, origin })
        step(activity, session, { type: "REVOKE", reason: "signedOut" })
        const recorder = yield* SessionTrailRecorder
        yield* recorder.flush
        return yield* recorder.stats
      }).pipe(Effect.scoped, Effect.provide(recorderOver(failingTrail, logged)))
    )
    expect(stats).toMatchObject({ recording: true, written: 0, pending: 0, droppedStoreFailed: 2 })
    expect(logged.join("\n")).toMatch(/Session trail: records lost \(2 the store refused/)
  })
})
