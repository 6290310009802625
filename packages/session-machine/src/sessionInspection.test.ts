import { describe, expect, it } from "vitest"
import {
  acceptedEvents,
  advanceSession,
  explainStep,
  sessionEventTypes,
  sessionMachine,
  startSession
} from "./index.ts"
import type { SessionEvent, SessionInput, SessionSnapshot } from "./index.ts"

// What the inspector asks of a session: the events it takes now, and why a step went as it did.

const input: SessionInput = {
  user: {
    id: "user-1",
    email: "ada@example.com",
    emailConfirmed: false,
    status: "active",
    createdAt: "2025-01-01T00:00:00.000Z"
  },
  userVersion: 1,
  session: {
    id: "session-1",
    createdAt: "2025-01-01T00:00:00.000Z",
    lastSeenAt: "2025-01-01T00:00:00.000Z",
    expiresAt: "2025-02-01T00:00:00.000Z",
    userAgent: "Firefox",
    ip: "192.0.2.1"
  },
  idleTimeoutMs: 7 * 24 * 60 * 60 * 1000
}

const confirmed: SessionEvent = {
  type: "USER_CHANGED",
  user: { ...input.user, emailConfirmed: true },
  version: 2,
  cause: "emailConfirmed"
}

const acceptance = (snapshot: SessionSnapshot, atMs: number) =>
  Object.fromEntries(acceptedEvents(snapshot, atMs).map(({ event, accepted }) => [event.type, accepted]))

describe("acceptedEvents", () => {
  it("asks about every kind of event the machine handles, and no other", () => {
    expect(new Set(sessionEventTypes)).toEqual(new Set(sessionMachine.root.events))
  })

  it("answers with the machine's own `can`: an active session takes the next version, a touch a second later, a revocation", () => {
    const session = startSession(input)
    const aMinuteLater = Date.parse(input.session.lastSeenAt) + 60_000
    expect(acceptance(session, aMinuteLater)).toEqual({
      USER_CHANGED: true,
      USER_RELOADED: true,
      TOUCH: true,
      TICK: false,
      REVOKE: true
    })
    const [change] = acceptedEvents(session, aMinuteLater)
    expect(change?.event).toMatchObject({ type: "USER_CHANGED", version: 2 })
  })

  it("says a session past its idle timeout ends on the next tick, and a revoked one takes nothing", () => {
    const session = startSession(input)
    const idleOver = Date.parse(input.session.lastSeenAt) + input.idleTimeoutMs
    expect(acceptance(session, idleOver)).toMatchObject({ TICK: true, TOUCH: true })
    const revoked = advanceSession(session, { type: "REVOKE", reason: "signedOut" }).snapshot
    expect(Object.values(acceptance(revoked, idleOver))).toEqual([false, false, false, false, false])
  })
})

describe("explainStep", () => {
  it("is the same step as advanceSession", () => {
    const session = startSession(input)
    const explained = explainStep(session, confirmed)
    const plain = advanceSession(session, confirmed)
    expect(explained.snapshot.value).toEqual(plain.snapshot.value)
    expect(explained.snapshot.context).toEqual(plain.snapshot.context)
    expect(explained.effects).toEqual(plain.effects)
  })

  it("names the guard that let a change through, the ones that said no before it, and the eventless step it caused", () => {
    const { transitions } = explainStep(startSession(input), confirmed)
    expect(transitions).toEqual([
      {
        id: "active.freshness.current:USER_CHANGED:1",
        trigger: "event",
        source: "active.freshness.current",
        targets: [],
        guard: { name: "isNextVersion", params: { version: 2 } },
        rejected: [{ name: "isVersionGap", params: { version: 2 } }]
      },
      {
        id: "active.email.unverified:(always):0",
        trigger: "always",
        source: "active.email.unverified",
        targets: ["active.email.verified"],
        guard: { name: "isEmailConfirmed", params: null },
        rejected: []
      }
    ])
  })

  it("shows a gap going to stale, and the effect it asks for", () => {
    const explained = explainStep(startSession(input), { ...confirmed, version: 3 })
    expect(explained.effects).toEqual(["reloadUser"])
    expect(explained.transitions).toMatchObject([
      {
        id: "active.freshness.current:USER_CHANGED:0",
        targets: ["active.freshness.stale"],
        guard: { name: "isVersionGap" }
      }
    ])
  })

  it("shows an unguarded revocation from the parent state", () => {
    const { transitions } = explainStep(startSession(input), { type: "REVOKE", reason: "signedOut" })
    expect(transitions).toEqual([
      { id: "active:REVOKE:0", trigger: "event", source: "active", targets: ["revoked"], guard: null, rejected: [] }
    ])
  })

  it("explains nothing for an event the session ignores", () => {
    const session = startSession(input)
    const explained = explainStep(session, { ...confirmed, version: 1 })
    expect(explained.snapshot).toBe(session)
    expect(explained.transitions).toEqual([])
  })
})
