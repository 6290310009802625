import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  advanceSession,
  canContactSupport,
  isActive,
  isRevoked,
  needsReload,
  revokedReason,
  sessionStateName,
  startSession
} from "./index.ts"
import type { RevokeReason, SessionEvent, SessionInput, SessionSnapshot, SessionUser } from "./index.ts"

const user: SessionUser = {
  id: "user-1",
  email: "ada@example.com",
  emailConfirmed: false,
  status: "active",
  createdAt: "2025-01-01T00:00:00.000Z"
}

const input = (overrides: Partial<SessionInput> = {}): SessionInput => ({
  user,
  userVersion: 1,
  session: {
    id: "session-1",
    createdAt: "2025-01-01T00:00:00.000Z",
    lastSeenAt: "2025-01-01T00:00:00.000Z",
    expiresAt: "2025-02-01T00:00:00.000Z",
    userAgent: "Firefox",
    ip: "192.0.2.1",
    label: null
  },
  ...overrides
})

const userChanged = (
  version: number,
  changes: Partial<SessionUser>,
  cause: "emailConfirmed" | "emailChanged" | "suspended" = "emailConfirmed"
): SessionEvent => ({ type: "USER_CHANGED", user: { ...user, ...changes }, version, cause })

const confirmed = userChanged(2, { emailConfirmed: true }, "emailConfirmed")

const run = (snapshot: SessionSnapshot, ...events: SessionEvent[]): SessionSnapshot =>
  events.reduce(advanceSession, snapshot)

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
    expect(canContactSupport(session)).toBe(false)
  })

  it("is active and verified once the email is confirmed", () => {
    const session = startSession(input({ user: { ...user, emailConfirmed: true } }))
    expect(sessionStateName(session)).toBe("active.verified")
    expect(canContactSupport(session)).toBe(true)
  })

  it("stays active when the stored revocation is explicitly null", () => {
    expect(isActive(startSession(input({ revokedReason: null })))).toBe(true)
  })

  it("starts revoked, with the stored reason, when it was revoked before", () => {
    const session = startSession(input({ user: { ...user, emailConfirmed: true }, revokedReason: "signedOut" }))
    expect(sessionStateName(session)).toBe("revoked")
    expect(revokedReason(session)).toBe("signedOut")
    expect(canContactSupport(session)).toBe(false)
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
    expect(canContactSupport(session)).toBe(true)
    expect(session.context.user.emailConfirmed).toBe(true)
    expect(session.context.userVersion).toBe(2)
  })

  it("moves a verified session back to unverified when the email changes", () => {
    const start = startSession(input({ user: { ...user, emailConfirmed: true } }))
    const session = run(start, userChanged(2, { email: "ada@new.example", emailConfirmed: false }, "emailChanged"))
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(session.context.user.email).toBe("ada@new.example")
    expect(canContactSupport(session)).toBe(false)
  })

  it("ignores a version it already has", () => {
    const session = run(startSession(input()), userChanged(1, { emailConfirmed: true }))
    expect(sessionStateName(session)).toBe("active.unverified")
    expect(session.context.userVersion).toBe(1)
    expect(needsReload(session)).toBe(false)
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
    expect(needsReload(session)).toBe(true)
  })

  it("revokes the session as suspended when the user is suspended", () => {
    const session = run(startSession(input()), userChanged(2, { status: "suspended" }, "suspended"))
    expect(isRevoked(session)).toBe(true)
    expect(revokedReason(session)).toBe("suspended")
  })
})

describe("SYNC", () => {
  const gap = userChanged(3, { emailConfirmed: true })

  it("applies the stored user after a gap and clears the reload request", () => {
    const session = run(startSession(input()), gap, {
      type: "SYNC",
      user: { ...user, emailConfirmed: true },
      version: 3
    })
    expect(sessionStateName(session)).toBe("active.verified")
    expect(session.context.userVersion).toBe(3)
    expect(needsReload(session)).toBe(false)
  })

  it("clears the reload request when the store has the version the session has", () => {
    const session = run(startSession(input()), gap, { type: "SYNC", user, version: 1 })
    expect(needsReload(session)).toBe(false)
    expect(session.context.userVersion).toBe(1)
  })

  it("ignores a stored user older than the session's", () => {
    const session = run(startSession(input()), confirmed, { type: "SYNC", user, version: 1 })
    expect(sessionStateName(session)).toBe("active.verified")
    expect(session.context.userVersion).toBe(2)
  })

  it("revokes the session as suspended when the stored user is suspended", () => {
    const session = run(startSession(input()), {
      type: "SYNC",
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

describe("REVOKE and EXPIRE", () => {
  it.each(allReasons)("REVOKE %s revokes the session with that reason", (reason) => {
    const session = run(startSession(input()), { type: "REVOKE", reason })
    expect(sessionStateName(session)).toBe("revoked")
    expect(revokedReason(session)).toBe(reason)
    expect(isActive(session)).toBe(false)
  })

  it("EXPIRE revokes the session as expired", () => {
    const session = run(startSession(input({ user: { ...user, emailConfirmed: true } })), {
      type: "EXPIRE"
    })
    expect(revokedReason(session)).toBe("expired")
    expect(canContactSupport(session)).toBe(false)
  })
})

describe("a revoked session", () => {
  it("ignores every later event", () => {
    const revoked = run(startSession(input()), { type: "REVOKE", reason: "signedOut" })
    const later = run(
      revoked,
      confirmed,
      { type: "SYNC", user: { ...user, emailConfirmed: true }, version: 9 },
      { type: "TOUCH", at: "2025-01-09T00:00:00.000Z" },
      { type: "REVOKE", reason: "passwordChanged" },
      { type: "EXPIRE" }
    )
    expect(sessionStateName(later)).toBe("revoked")
    expect(later.context).toEqual(revoked.context)
  })
})

describe("any sequence of events", () => {
  const arbUser = fc.record({
    id: fc.constant(user.id),
    email: fc.constantFrom("ada@example.com", "ada@new.example"),
    emailConfirmed: fc.boolean(),
    status: fc.constantFrom("active" as const, "active" as const, "suspended" as const),
    createdAt: fc.constant(user.createdAt)
  })
  const arbVersion = fc.integer({ min: 0, max: 8 })
  const arbEvent: fc.Arbitrary<SessionEvent> = fc.oneof(
    {
      arbitrary: fc.record({
        type: fc.constant("USER_CHANGED" as const),
        user: arbUser,
        version: arbVersion,
        cause: fc.constant("sync" as const)
      }),
      weight: 6
    },
    { arbitrary: fc.record({ type: fc.constant("SYNC" as const), user: arbUser, version: arbVersion }), weight: 2 },
    {
      arbitrary: fc.record({ type: fc.constant("TOUCH" as const), at: fc.constant("2025-01-02T00:00:00.000Z") }),
      weight: 2
    },
    {
      arbitrary: fc.record({ type: fc.constant("REVOKE" as const), reason: fc.constantFrom(...allReasons) }),
      weight: 1
    },
    { arbitrary: fc.constant({ type: "EXPIRE" as const }), weight: 1 }
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
          const next = advanceSession(session, event)
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
