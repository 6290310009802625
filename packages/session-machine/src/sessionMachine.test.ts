// Over 200 lines on purpose: the machine is the one rulebook of a session, and its cases read best side by side, one describe per event.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RevokeReason } from "@verity/domain"
import {
  advanceSession,
  canContactSupport,
  isActive,
  isRevoked,
  isStale,
  revokedReason,
  sessionEndsAt,
  sessionStateName,
  startSession,
  touchMatters
} from "./index.ts"
import type { SessionEvent, SessionInput, SessionSnapshot, SessionUser } from "./index.ts"
import { arbUserChanged, arbUserReloaded, user } from "../test/support/sessionArbitraries.ts"

const input = (overrides: Partial<SessionInput> = {}): SessionInput => ({
  user,
  userVersion: 1,
  session: {
    id: "session-1",
    createdAt: "2025-01-01T00:00:00.000Z",
    lastSeenAt: "2025-01-01T00:00:00.000Z",
    expiresAt: "2025-02-01T00:00:00.000Z",
    userAgent: "Firefox",
    ip: "192.0.2.1"
  },
  idleTimeoutMs: 7 * 24 * 60 * 60 * 1000,
  ...overrides
})

const userChanged = (
  version: number,
  changes: Partial<SessionUser>,
  cause: "emailConfirmed" | "emailChanged" | "suspended" = "emailConfirmed"
): SessionEvent => ({ type: "USER_CHANGED", user: { ...user, ...changes }, version, cause })

const confirmed = userChanged(2, { emailConfirmed: true }, "emailConfirmed")

const run = (snapshot: SessionSnapshot, ...events: SessionEvent[]): SessionSnapshot =>
  events.reduce((current, event) => advanceSession(current, event).snapshot, snapshot)

const canContact = (snapshot: SessionSnapshot) => canContactSupport(sessionStateName(snapshot))

const allReasons: RevokeReason[] = [
  "signedOut",
  "revokedByUser",
  "passwordChanged",
  "passwordReset",
  "suspended",
  "expired"
]

describe("a session loaded from the store", () => {
  it("is active and unverified while the email is unconfirmed", () => {
    const session = startSession(input())
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(isActive(session)).toBe(true)
    expect(canContact(session)).toBe(false)
  })

  it("is active and verified once the email is confirmed", () => {
    const session = startSession(input({ user: { ...user, emailConfirmed: true } }))
    expect(sessionStateName(session)).toBe("active.verified")
    expect(canContact(session)).toBe(true)
  })

  it("stays active when the stored revocation is explicitly null", () => {
    expect(isActive(startSession(input({ revokedReason: null })))).toBe(true)
  })

  it("starts revoked, with the stored reason, when it was revoked before", () => {
    const session = startSession(input({ user: { ...user, emailConfirmed: true }, revokedReason: "signedOut" }))
    expect(sessionStateName(session)).toBe("revoked")
    expect(revokedReason(session)).toBe("signedOut")
    expect(canContact(session)).toBe(false)
  })

  it("starts revoked as suspended when its user is suspended", () => {
    const session = startSession(input({ user: { ...user, status: "suspended" } }))
    expect(isRevoked(session)).toBe(true)
    expect(revokedReason(session)).toBe("suspended")
  })

  it("keeps the stored reason when it was revoked and the user is suspended since", () => {
    const session = startSession(input({ user: { ...user, status: "suspended" }, revokedReason: "passwordReset" }))
    expect(revokedReason(session)).toBe("passwordReset")
  })
})

describe("USER_CHANGED", () => {
  it("moves an unverified session to verified when the email is confirmed", () => {
    const session = run(startSession(input()), confirmed)
    expect(sessionStateName(session)).toBe("active.verified")
    expect(canContact(session)).toBe(true)
    expect(session.context.user.emailConfirmed).toBe(true)
    expect(session.context.userVersion).toBe(2)
  })

  it("moves a verified session back to unverified when the email changes", () => {
    const start = startSession(input({ user: { ...user, emailConfirmed: true } }))
    const session = run(start, userChanged(2, { email: "ada@new.example", emailConfirmed: false }, "emailChanged"))
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(session.context.user.email).toBe("ada@new.example")
    expect(canContact(session)).toBe(false)
  })

  it("ignores a version it already has", () => {
    const session = run(startSession(input()), userChanged(1, { emailConfirmed: true }))
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(session.context.userVersion).toBe(1)
    expect(isStale(session)).toBe(false)
  })

  it("applies the same change once however often it is delivered", () => {
    const once = run(startSession(input()), confirmed)
    const twice = run(startSession(input()), confirmed, confirmed)
    expect(twice.context).toEqual(once.context)
    expect(sessionStateName(twice)).toBe(sessionStateName(once))
  })

  it("does not let a late, older change undo a newer one", () => {
    const emailChanged = userChanged(3, { email: "ada@new.example", emailConfirmed: false }, "emailChanged")
    const session = run(startSession(input()), confirmed, emailChanged, confirmed)
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(session.context.user.email).toBe("ada@new.example")
    expect(session.context.userVersion).toBe(3)
  })

  it("does not apply a change after a gap, and asks for a reload instead", () => {
    const session = run(startSession(input()), userChanged(3, { emailConfirmed: true }))
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(session.context.userVersion).toBe(1)
    expect(session.context.user.emailConfirmed).toBe(false)
    expect(isStale(session)).toBe(true)
  })

  it("revokes the session as suspended when the user is suspended", () => {
    const session = run(startSession(input()), userChanged(2, { status: "suspended" }, "suspended"))
    expect(isRevoked(session)).toBe(true)
    expect(revokedReason(session)).toBe("suspended")
  })
})

describe("USER_RELOADED", () => {
  const gap = userChanged(3, { emailConfirmed: true })

  it("applies the stored user after a gap and makes the session current again", () => {
    const session = run(startSession(input()), gap, {
      type: "USER_RELOADED",
      user: { ...user, emailConfirmed: true },
      version: 3
    })
    expect(sessionStateName(session)).toBe("active.verified")
    expect(session.context.userVersion).toBe(3)
    expect(isStale(session)).toBe(false)
  })

  it("makes the session current again when the store has the version the session has", () => {
    const session = run(startSession(input()), gap, { type: "USER_RELOADED", user, version: 1 })
    expect(isStale(session)).toBe(false)
    expect(session.context.userVersion).toBe(1)
  })

  it("ignores a stored user older than the session's", () => {
    const session = run(startSession(input()), confirmed, { type: "USER_RELOADED", user, version: 1 })
    expect(sessionStateName(session)).toBe("active.verified")
    expect(session.context.userVersion).toBe(2)
  })

  it("revokes the session as suspended when the stored user is suspended", () => {
    const session = run(startSession(input()), {
      type: "USER_RELOADED",
      user: { ...user, status: "suspended" },
      version: 4
    })
    expect(revokedReason(session)).toBe("suspended")
  })
})

describe("TOUCH", () => {
  it("records when the session was last seen, and nothing else", () => {
    const start = startSession(input())
    const session = run(start, { type: "TOUCH", at: "2025-01-05T12:00:00.000Z" })
    expect(session.context.session).toEqual({
      ...start.context.session,
      lastSeenAt: "2025-01-05T12:00:00.000Z"
    })
    expect(sessionStateName(session)).toBe("active.unverified")
  })
})

describe("REVOKE and expiry", () => {
  it.each(allReasons)("REVOKE %s revokes the session with that reason", (reason) => {
    const session = run(startSession(input()), { type: "REVOKE", reason })
    expect(sessionStateName(session)).toBe("revoked")
    expect(revokedReason(session)).toBe(reason)
    expect(isActive(session)).toBe(false)
  })

  it("time past the session's end revokes it as expired", () => {
    const session = run(startSession(input({ user: { ...user, emailConfirmed: true } })), {
      type: "TICK",
      at: "2025-02-01T00:00:00.000Z"
    })
    expect(revokedReason(session)).toBe("expired")
    expect(canContact(session)).toBe(false)
  })
})

describe("a revoked session", () => {
  it("ignores every later event", () => {
    const revoked = run(startSession(input()), { type: "REVOKE", reason: "signedOut" })
    const later = run(
      revoked,
      confirmed,
      { type: "USER_RELOADED", user: { ...user, emailConfirmed: true }, version: 9 },
      { type: "TOUCH", at: "2025-01-09T00:00:00.000Z" },
      { type: "REVOKE", reason: "passwordChanged" },
      { type: "TICK", at: "2030-01-01T00:00:00.000Z" }
    )
    expect(sessionStateName(later)).toBe("revoked")
    expect(later.context).toEqual(revoked.context)
  })
})

describe("any sequence of events", () => {
  const arbVersion = fc.integer({ min: 0, max: 8 })
  const arbEvent: fc.Arbitrary<SessionEvent> = fc.oneof(
    { arbitrary: arbUserChanged(arbVersion), weight: 6 },
    { arbitrary: arbUserReloaded(arbVersion), weight: 2 },
    {
      arbitrary: fc.record({ type: fc.constant("TOUCH" as const), at: fc.constant("2025-01-02T00:00:00.000Z") }),
      weight: 2
    },
    {
      arbitrary: fc.record({ type: fc.constant("REVOKE" as const), reason: fc.constantFrom(...allReasons) }),
      weight: 1
    },
    {
      arbitrary: fc.record({
        type: fc.constant("TICK" as const),
        at: fc.constantFrom("2025-01-03T00:00:00.000Z", "2025-02-01T00:00:00.000Z")
      }),
      weight: 1
    }
  )
  const arbStart = fc.record({
    emailConfirmed: fc.boolean(),
    userVersion: fc.integer({ min: 0, max: 4 })
  })

  it("never brings a revoked session back, never lowers the user version, and keeps the state in step with the user", () => {
    fc.assert(
      fc.property(arbStart, fc.array(arbEvent, { maxLength: 30 }), (start, events) => {
        let session = startSession(
          input({ user: { ...user, emailConfirmed: start.emailConfirmed }, userVersion: start.userVersion })
        )
        for (const event of events) {
          const next = advanceSession(session, event).snapshot
          if (isRevoked(session)) {
            expect(isRevoked(next)).toBe(true)
            expect(revokedReason(next)).toBe(revokedReason(session))
          }
          expect(next.context.userVersion).toBeGreaterThanOrEqual(session.context.userVersion)
          if (isActive(next)) {
            expect(next.context.user.status).toBe("active")
            expect(sessionStateName(next)).toBe(
              next.context.user.emailConfirmed ? "active.verified" : "active.unverified"
            )
          }
          session = next
        }
      })
    )
  })
})

describe("the effects a step asks of its owner", () => {
  it("a version gap asks once for the user to be reloaded, and nothing else asks for anything", () => {
    const start = startSession(input())
    expect(advanceSession(start, confirmed).effects).toEqual([])
    const gap = advanceSession(start, userChanged(3, { emailConfirmed: true }))
    expect(gap.effects).toEqual(["reloadUser"])
    expect(advanceSession(gap.snapshot, userChanged(4, { emailConfirmed: true })).effects).toEqual([])
  })

  it("ending by its own clock asks for the expiry to be written down; a revocation does not", () => {
    const start = startSession(input())
    expect(advanceSession(start, { type: "TICK", at: "2025-02-01T00:00:00.000Z" }).effects).toEqual([
      "recordExpiryInStore"
    ])
    expect(advanceSession(start, { type: "REVOKE", reason: "signedOut" }).effects).toEqual([])
  })
})

describe("expiry, decided from the session's own times", () => {
  const day = 24 * 60 * 60 * 1000
  const start = startSession(input({ idleTimeoutMs: 7 * day }))

  it("ends at the idle timeout after the last request, and at the absolute end however active", () => {
    expect(sessionEndsAt(start.context)).toBe(Date.parse("2025-01-08T00:00:00.000Z"))
    const busy = run(
      start,
      { type: "TOUCH", at: "2025-01-07T00:00:00.000Z" },
      { type: "TOUCH", at: "2025-01-13T00:00:00.000Z" },
      { type: "TOUCH", at: "2025-01-19T00:00:00.000Z" },
      { type: "TOUCH", at: "2025-01-25T00:00:00.000Z" }
    )
    expect(isActive(busy)).toBe(true)
    expect(sessionEndsAt(busy.context)).toBe(Date.parse(start.context.session.expiresAt))
    expect(revokedReason(run(busy, { type: "TOUCH", at: "2025-02-01T00:00:00.000Z" }))).toBe("expired")
  })

  it("a request after the idle timeout ends the session instead of extending it", () => {
    const late = run(start, { type: "TOUCH", at: "2025-01-08T00:00:00.000Z" })
    expect(revokedReason(late)).toBe("expired")
    expect(late.context.session.lastSeenAt).toBe(start.context.session.lastSeenAt)
  })

  it("time that has not reached the end, and a request in the same second, change nothing at all", () => {
    expect(advanceSession(start, { type: "TICK", at: "2025-01-07T23:59:59.999Z" }).snapshot).toBe(start)
    expect(advanceSession(start, { type: "TOUCH", at: "2025-01-01T00:00:00.500Z" }).snapshot).toBe(start)
  })
})

describe("touchMatters, for owners that skip a request's step when it would change nothing", () => {
  it("says a TOUCH matters exactly when the machine would move for it", () => {
    const start = startSession(input({ idleTimeoutMs: 60_000 }))
    const startMs = Date.parse(start.context.session.lastSeenAt)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120_000 }), (afterMs) => {
        const atMs = startMs + afterMs
        const moved = advanceSession(start, { type: "TOUCH", at: new Date(atMs).toISOString() }).snapshot !== start
        expect(touchMatters(start.context, atMs)).toBe(moved)
      })
    )
  })
})
