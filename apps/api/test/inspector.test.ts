// Over 200 lines on purpose: every inspect.* read (sessions, live feed, health, fan-out, trail, replay, export, restart) over one server and one signed-in operator.
import { createHash } from "node:crypto"
import type { TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { Metrics } from "@verity/api/server"
import { sessionMachine } from "@verity/session-machine"
import { verificationLinkToken } from "@verity/testing"
import { createActor } from "xstate"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import {
  signInWithToken,
  signUpWithToken,
  startTestApi,
  startTestApiWithMail,
  type TestApiWithMail,
  uniqueEmail
} from "@verity/test-api"
import { type InspectorBrowser, signedInInspector } from "./support/inspectorBrowser.ts"

// What the inspector answers, over real HTTP with the real client: a user's sessions with their
// full state, the events they take now, who holds them and whether any is behind; the live feed;
// the persisted trail, its replay and its export as XState inspection events; fan-out traces.

let api: TestApiWithMail
let operator: InspectorBrowser

beforeAll(async () => {
  api = await startTestApiWithMail()
  operator = await signedInInspector(api.url)
})
afterAll(async () => {
  await api?.close()
})

type Watched = { messages: Array<Record<string, unknown> & { kind: string }>; stop: () => void }

const watch = (client: TRPCClient<AppRouter>, userId: string): Watched => {
  const messages: Watched["messages"] = []
  const subscription = client.inspect.watchUser.subscribe(
    { userId },
    { onData: (message) => messages.push(message as Watched["messages"][number]) }
  )
  return { messages, stop: () => subscription.unsubscribe() }
}

/** A user with `sessions` sessions by bearer token, their tokens and the user's id. */
const userWithSessions = async (label: string, sessions: number) => {
  const email = uniqueEmail(label)
  const tokens = [await signUpWithToken(api.client(), email)]
  for (let index = 1; index < sessions; index++) tokens.push(await signInWithToken(api.client(), email))
  const { user } = await api.client(tokens[0]).session.whoami.query()
  const ids = await Promise.all(
    tokens.map(async (token) => (await api.client(token).session.whoami.query()).session.id)
  )
  return { email, tokens, sessionIds: ids, userId: user.id }
}

const confirmByLink = async (email: string) => {
  const mail = await api.mail.waitForMail((caught) => caught.to.includes(email))
  // No session: the link opened on another device.
  await api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(mail) })
}

describe("inspect.findUser and inspect.sessionsOf", () => {
  it("find a user by any spelling of their email or by id, and answer null for nobody", async () => {
    const { email, userId } = await userWithSessions("find", 1)
    expect((await operator.client.inspect.findUser.query({ query: ` ${email.toUpperCase()} ` })).user?.id).toBe(userId)
    expect((await operator.client.inspect.findUser.query({ query: userId })).user?.id).toBe(userId)
    expect(await operator.client.inspect.findUser.query({ query: "nobody@example.test" })).toEqual({ user: null })
  })

  it("list live and dormant sessions with their full state, accepted events and holder; none is behind", async () => {
    const { tokens, sessionIds, userId } = await userWithSessions("listing", 2)
    await api.evictAllActors()
    await api.client(tokens[0]).session.whoami.query()
    const view = await operator.client.inspect.sessionsOf.query({ userId })
    const { instanceId } = await operator.client.inspect.status.query()
    expect(view.instanceId).toBe(instanceId)
    expect(view.behindCount).toBe(0)
    expect(view.user).toMatchObject({ id: userId, version: 1, emailConfirmed: false })
    const live = view.sessions.find((session) => session.id === sessionIds[0])!
    const dormant = view.sessions.find((session) => session.id === sessionIds[1])!
    expect(live).toMatchObject({
      heldBy: { instanceId, thisInstance: true },
      heldVersion: 1,
      behind: false,
      machine: {
        source: "live",
        value: { active: { email: "unverified", freshness: "current" } },
        stateName: "active.unverified",
        context: { userVersion: 1, session: { id: sessionIds[0] } }
      },
      lastEvent: { kind: "started", how: "rebuilt", instanceId }
    })
    expect(dormant).toMatchObject({
      heldBy: null,
      heldVersion: null,
      behind: false,
      machine: { source: "store", value: { active: { email: "unverified", freshness: "current" } } },
      lastEvent: { kind: "evicted", instanceId }
    })
    expect(Object.fromEntries(live.accepts.map(({ event, accepted }) => [event.type, accepted]))).toEqual({
      USER_CHANGED: true,
      USER_RELOADED: true,
      TOUCH: false,
      TICK: false,
      REVOKE: true
    })
    expect(live.accepts[0]!.event).toMatchObject({ type: "USER_CHANGED", version: 2 })
  })

  it("the staleness detector marks a live session that holds an older version than the store", async () => {
    const { email, sessionIds, userId } = await userWithSessions("stale", 1)
    // Written straight into the store, as an instance that never told this one would.
    await api.writeUserBehindTheApi(email, { emailConfirmed: true })
    const view = await operator.client.inspect.sessionsOf.query({ userId })
    expect(view.user.version).toBe(2)
    expect(view.behindCount).toBe(1)
    expect(view.sessions.find((session) => session.id === sessionIds[0])).toMatchObject({
      heldVersion: 1,
      behind: true
    })
  })
})

describe("inspect.watchUser", () => {
  it("moves a session's state within 1 s of a confirmation made by another client, with the cause and versions", async () => {
    const { email, sessionIds, userId } = await userWithSessions("live", 2)
    const watched = watch(operator.client, userId)
    try {
      await vi.waitFor(() => expect(watched.messages[0]?.kind).toBe("sessions"))
      const confirmedAt = performance.now()
      await confirmByLink(email)
      await vi.waitFor(
        () => {
          expect(watched.messages.filter((message) => message.kind === "trail")).toHaveLength(2)
          expect(watched.messages.filter((message) => message.kind === "dispatch")).toHaveLength(1)
        },
        { timeout: 1_000, interval: 10 }
      )
      expect(performance.now() - confirmedAt).toBeLessThan(1_000)
      const steps = watched.messages.filter((message) => message.kind === "trail")
      expect(steps.map((step) => (step["entry"] as { sessionId: string }).sessionId).toSorted()).toEqual(
        [...sessionIds].toSorted()
      )
      for (const step of steps) {
        expect(step).toMatchObject({
          entry: {
            kind: "stepped",
            event: { type: "USER_CHANGED", version: 2 },
            cause: "emailConfirmed",
            stateBefore: { active: { email: "unverified" } },
            stateAfter: { active: { email: "verified" } },
            userVersionBefore: 1,
            userVersionAfter: 2
          },
          machine: { stateName: "active.verified", source: "live" },
          heldVersion: 2,
          behind: false
        })
      }
      expect(watched.messages.find((message) => message.kind === "dispatch")).toMatchObject({
        userVersion: 2,
        cause: "emailConfirmed",
        reachedSessionIds: expect.arrayContaining(sessionIds)
      })
    } finally {
      watched.stop()
    }
  })
})

describe("inspect.health", () => {
  it("answers the figures /metrics exposes, from the same registry, with fan-out quantiles", async () => {
    const { email } = await userWithSessions("health", 2)
    await confirmByLink(email)
    const health = await operator.client.inspect.health.query()
    const figures = await api.runtime.runPromise(Metrics.use((metrics) => metrics.figures))
    const { instanceId } = await operator.client.inspect.status.query()
    expect(health).toMatchObject({
      instanceId,
      liveSessions: figures.liveSessions,
      sessionRebuilds: figures.sessionRebuilds,
      sessionEvictions: figures.sessionEvictions,
      openSessionStreams: figures.openSessionStreams,
      changeFeedResyncs: figures.changeFeedResyncs,
      fanOut: { count: figures.fanOut.count }
    })
    expect(health.liveSessions).toBeGreaterThanOrEqual(2)
    expect(health.fanOut.count).toBeGreaterThanOrEqual(1)
    expect(health.fanOut.p50Ms).toBeGreaterThan(0)
    expect(health.fanOut.p99Ms).toBeGreaterThanOrEqual(health.fanOut.p50Ms!)
  })
})

describe("inspect.fanOut", () => {
  it("traces a confirmation to every session: live ones reached with instance and delay, a dormant one rebuilt later", async () => {
    const { email, tokens, sessionIds, userId } = await userWithSessions("fan-out", 3)
    // The third session leaves memory before the change: it is dormant when it is committed.
    await api.evictAllActors()
    await api.client(tokens[0]).session.whoami.query()
    await api.client(tokens[1]).session.whoami.query()
    await confirmByLink(email)
    const { instanceId } = await operator.client.inspect.status.query()

    const before = await operator.client.inspect.fanOut.query({ userId, version: 2 })
    expect(before).toMatchObject({ version: 2, cause: "emailConfirmed", committedAt: expect.any(String) })
    expect(before.dispatches).toEqual([
      expect.objectContaining({ instanceId, reachedSessionIds: expect.arrayContaining(sessionIds.slice(0, 2)) })
    ])
    const outcome = (trace: typeof before, id: string) => trace.sessions.find((session) => session.sessionId === id)
    for (const id of sessionIds.slice(0, 2)) {
      expect(outcome(before, id)).toMatchObject({ outcome: "reached", instanceId, delayMs: expect.any(Number) })
      expect(outcome(before, id)!.delayMs).toBeGreaterThanOrEqual(0)
    }
    expect(outcome(before, sessionIds[2]!)).toMatchObject({ outcome: "dormant", instanceId: null })

    await api.client(tokens[2]).session.whoami.query()
    const after = await operator.client.inspect.fanOut.query({ userId, version: 2 })
    expect(outcome(after, sessionIds[2]!)).toMatchObject({ outcome: "rebuiltLater", instanceId })
  })

  it("answers NOT_FOUND for a version that was no change", async () => {
    const { userId } = await userWithSessions("fan-out-none", 1)
    for (const version of [1, 2]) {
      await expect(operator.client.inspect.fanOut.query({ userId, version })).rejects.toMatchObject({
        data: { reason: "NOT_FOUND" }
      })
    }
  })
})

/** A session that started, took a confirmation, left memory, came back and was revoked. */
const livedSession = async () => {
  const { email, tokens, sessionIds, userId } = await userWithSessions("replay", 2)
  await confirmByLink(email)
  await api.evictAllActors()
  await api.client(tokens[0]).session.whoami.query()
  await api.client(tokens[1]).session.revokeOthers.mutate()
  return { sessionId: sessionIds[0]!, userId }
}

describe("inspect.trail, inspect.replay and inspect.exportTrail", () => {
  it("the trail lists every transition with time, event, cause, states, versions, instance and request", async () => {
    const { sessionId, userId } = await livedSession()
    const { instanceId } = await operator.client.inspect.status.query()
    const { entries, userId: owner } = await operator.client.inspect.trail.query({ sessionId })
    expect(owner).toBe(userId)
    expect(entries.map((entry) => entry.kind)).toEqual(["started", "stepped", "evicted", "started", "stepped"])
    expect(entries[1]).toMatchObject({
      event: { type: "USER_CHANGED", version: 2, cause: "emailConfirmed" },
      cause: "emailConfirmed",
      stateBefore: { active: { email: "unverified" } },
      stateAfter: { active: { email: "verified" } },
      userVersionBefore: 1,
      userVersionAfter: 2,
      instanceId,
      // The id the server gave the confirming request (x-request-id): a UUID unless the caller sent one.
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    })
    expect(entries[4]).toMatchObject({
      event: { type: "REVOKE", reason: "revokedByUser" },
      cause: "revokedByUser",
      stateAfter: "revoked"
    })
  })

  it("the replay steps through it with the machine: states, context changes and the guards that decided", async () => {
    const { sessionId } = await livedSession()
    const replay = await operator.client.inspect.replay.query({ sessionId })
    expect(replay.complete).toBe(true)
    expect(replay.steps.every((step) => step.matchesRecording)).toBe(true)
    const confirmation = replay.steps.find((step) => step.event?.type === "USER_CHANGED")!
    expect(confirmation.state).toMatchObject({ stateName: "active.verified", context: { userVersion: 2 } })
    expect(confirmation.contextChanges).toEqual(
      expect.arrayContaining([
        { path: "user.emailConfirmed", before: false, after: true },
        { path: "userVersion", before: 1, after: 2 }
      ])
    )
    expect(confirmation.decidedBy.map((transition) => [transition.id, transition.guard?.name])).toEqual([
      ["active.freshness.current:USER_CHANGED:1", "isNextVersion"],
      ["active.email.unverified:(always):0", "isEmailConfirmed"]
    ])
    expect(replay.steps.at(-1)).toMatchObject({
      state: { stateName: "revoked" },
      decidedBy: [{ id: "active:REVOKE:0" }]
    })
  })

  it("the export is XState inspection events that a real XState actor replays to the same snapshots", async () => {
    const { sessionId } = await livedSession()
    const { events, fileName } = await operator.client.inspect.exportTrail.query({ sessionId })
    expect(fileName).toMatch(/\.json$/)
    expect(events[0]).toMatchObject({ type: "@xstate.actor", rootId: sessionId, sessionId, name: "session" })
    expect(JSON.parse((events[0] as { definition: string }).definition)).toMatchObject({ id: "session" })
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set(["@xstate.actor", "@xstate.event", "@xstate.snapshot"])
    )

    let actor: ReturnType<typeof createActor<typeof sessionMachine>> | undefined
    let checked = 0
    for (const event of events) {
      expect(event).toMatchObject({
        rootId: sessionId,
        sessionId,
        id: expect.any(String),
        createdAt: expect.any(String)
      })
      switch (event.type) {
        case "@xstate.actor":
          actor?.stop()
          actor = createActor(sessionMachine, {
            snapshot: sessionMachine.resolveState(event.snapshot),
            // Not read when a snapshot is given; the session's own, for completeness.
            input: { ...event.snapshot.context }
          }).start()
          break
        case "@xstate.event":
          if (event.event.type !== "xstate.init" && event.event.type !== "xstate.stop") actor!.send(event.event)
          break
        case "@xstate.snapshot":
          if (event.event.type === "xstate.stop") break
          expect(actor!.getSnapshot().value).toEqual(event.snapshot.value)
          expect(actor!.getSnapshot().context).toEqual(event.snapshot.context)
          checked++
      }
    }
    actor?.stop()
    expect(checked).toBeGreaterThanOrEqual(4)
  })
})

describe("the trail in the store", () => {
  it("survives a restart: what was buffered at shutdown is written, and the new process reads it", async () => {
    const first = await startTestApi()
    const email = uniqueEmail("restart")
    const token = await signUpWithToken(first.client(), email)
    const { session } = await first.client(token).session.whoami.query()
    await first.client(token).auth.signOut.mutate()
    // Closed at once: the sign-out's step is still in the recorder's buffer.
    await first.runtime.dispose()

    const second = await startTestApi({ dataDir: first.dataDir })
    try {
      const inspector = await signedInInspector(second.url)
      const { entries } = await inspector.client.inspect.trail.query({ sessionId: session.id })
      expect(entries.map((entry) => [entry.kind, entry.kind === "stepped" ? entry.cause : null])).toEqual([
        ["started", null],
        ["stepped", "signedOut"]
      ])
      const { instanceId } = await inspector.client.inspect.status.query()
      expect(entries[0]!.instanceId).not.toBe(instanceId)
    } finally {
      await second.close()
      await first.close()
    }
  })
})

describe("session.trail (the user's own)", () => {
  it("tells the user's own sessions' recent history, ended ones too, and nothing of the servers", async () => {
    const { email, tokens, sessionIds } = await userWithSessions("own-trail", 2)
    const stranger = await userWithSessions("stranger", 1)
    await api.client(tokens[1]).account.changePassword.mutate({
      currentPassword: "correct horse battery staple 42",
      newPassword: "an entirely new horse battery staple"
    })
    const trail = await api.client(tokens[1]).session.trail.query()
    expect(trail.map((session) => session.sessionId).toSorted()).toEqual([...sessionIds].toSorted())
    expect(JSON.stringify(trail)).not.toContain(stranger.sessionIds[0]!)
    const ended = trail.find((session) => session.sessionId === sessionIds[0])!
    expect(ended).toMatchObject({ current: false, endedBecause: "passwordChanged", endedAt: expect.any(String) })
    expect(ended.events[0]).toMatchObject({ kind: "ended", reason: "passwordChanged" })
    expect(ended.events.at(-1)).toMatchObject({ kind: "signedIn" })
    const current = trail.find((session) => session.sessionId === sessionIds[1])!
    expect(current).toMatchObject({ current: true, endedBecause: null })
    expect(current.events[0]).toMatchObject({ kind: "accountChanged", cause: "passwordChanged" })
    const shown = JSON.stringify(trail)
    expect(shown).not.toMatch(/instance|request|req-/i)
    expect(shown).not.toContain(email)
    expect(createHash("sha256").update(tokens[0]!).digest("hex")).not.toBe("")
  })
})
