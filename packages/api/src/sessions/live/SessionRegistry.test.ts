import { startSession, type SessionSnapshot } from "@verity/session-machine"
import { describe, expect, it } from "vitest"
import type { LiveSession } from "./LiveSession.ts"
import { makeSessionRegistry } from "./SessionRegistry.ts"

const at = "2025-01-01T00:00:00.000Z"
const user = (id: string) => ({
  id,
  email: `${id}@example.test`,
  emailConfirmed: false,
  status: "active" as const,
  createdAt: at
})

const live = (sessionId: string, userId: string): LiveSession => ({
  sessionId,
  userId,
  tokenHash: `hash-of-${sessionId}`,
  snapshot: startSession({
    user: user(userId),
    userVersion: 1,
    session: {
      id: sessionId,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: "2025-02-01T00:00:00.000Z",
      userAgent: null,
      ip: null
    },
    idleTimeoutMs: 7 * 86_400_000
  }),
  lastRequestAt: 0,
  lastSeenPersistedAt: 0
})

const origin = { atMs: 0, requestId: null }

const confirmed = (userId: string, version = 2) =>
  ({ type: "USER_CHANGED", user: { ...user(userId), emailConfirmed: true }, version, cause: "emailConfirmed" }) as const

describe("SessionRegistry", () => {
  it("finds a session by id and token hash, and a user's sessions by user", () => {
    const registry = makeSessionRegistry()
    const a1 = registry.add(live("a1", "alice"))
    registry.add(live("a2", "alice"))
    registry.add(live("b1", "bob"))
    expect(registry.get("a1")).toBe(a1)
    expect(registry.findByTokenHash("hash-of-a1")).toBe(a1)
    expect(registry.activeSessionsOf("alice").map((session) => session.sessionId)).toEqual(["a1", "a2"])
    expect(registry.activeUserIds()).toEqual(["alice", "bob"])
    expect(registry.size).toBe(3)
  })

  it("keeps the session already live when the same one is added again (two rebuilds raced)", () => {
    const registry = makeSessionRegistry()
    const first = registry.add(live("a1", "alice"))
    expect(registry.add(live("a1", "alice"))).toBe(first)
    expect(registry.activeSessionsOf("alice")).toHaveLength(1)
  })

  it("moves a session by one machine step and tells its watchers, only when something changed", () => {
    const registry = makeSessionRegistry()
    const session = registry.add(live("a1", "alice"))
    const heard: Array<SessionSnapshot> = []
    const stop = registry.watch("a1", (snapshot) => heard.push(snapshot))
    expect(registry.isWatched("a1")).toBe(true)

    expect(registry.advance(session, confirmed("alice"), origin)).toEqual([])
    expect(session.snapshot.context.userVersion).toBe(2)
    registry.advance(session, confirmed("alice"), origin)
    expect(heard.map((snapshot) => snapshot.context.userVersion)).toEqual([2])

    stop()
    expect(registry.isWatched("a1")).toBe(false)
    registry.advance(session, confirmed("alice", 3), origin)
    expect(heard).toHaveLength(1)
  })

  it("tells onStep of each step that changed a session, with where it came from", () => {
    const told: Array<string> = []
    const registry = makeSessionRegistry((session, event, before, from) =>
      told.push(
        `${session.sessionId} ${event.type} v${before.context.userVersion}->v${session.snapshot.context.userVersion} ${from.requestId}`
      )
    )
    const session = registry.add(live("a1", "alice"))
    registry.advance(session, confirmed("alice"), { atMs: 1, requestId: "req-1" })
    registry.advance(session, confirmed("alice"), { atMs: 2, requestId: "req-2" })
    expect(told).toEqual(["a1 USER_CHANGED v1->v2 req-1"])
  })

  it("answers the effects a step asks for, and leaves them to the caller", () => {
    const registry = makeSessionRegistry()
    const session = registry.add(live("a1", "alice"))
    expect(registry.advance(session, confirmed("alice", 5), origin)).toEqual(["reloadUser"])
    expect(session.snapshot.context.userVersion).toBe(1)
  })

  it("takes an ended session out of its user's index at once, and forgets an evicted one entirely", () => {
    const registry = makeSessionRegistry()
    const ended = registry.add(live("a1", "alice"))
    const evicted = registry.add(live("a2", "alice"))
    registry.advance(ended, { type: "REVOKE", reason: "signedOut" }, origin)
    expect(registry.activeSessionsOf("alice")).toEqual([evicted])
    expect(registry.get("a1")).toBe(ended)

    registry.remove(evicted)
    expect(registry.get("a2")).toBeUndefined()
    expect(registry.findByTokenHash("hash-of-a2")).toBeUndefined()
    expect(registry.activeUserIds()).toEqual([])
  })
})
