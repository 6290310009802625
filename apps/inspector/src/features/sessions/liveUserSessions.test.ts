import { describe, expect, it } from "vitest"
import { foldLiveMessage, type InspectedSession, type LiveMessage, type UserSessions } from "./liveUserSessions.ts"

const at = "2026-01-01T00:00:00.000Z"
const user = { id: "u1", email: "a…@example.com", emailConfirmed: false, status: "active" as const, createdAt: at }

const machine = (email: "unverified" | "verified", userVersion: number) => ({
  value: { active: { email, freshness: "current" as const } },
  stateName: `active.${email}` as const,
  status: "active" as const,
  source: "live" as const,
  context: {
    user: { ...user, emailConfirmed: email === "verified" },
    userVersion,
    session: { id: "s1", createdAt: at, lastSeenAt: at, expiresAt: at, userAgent: null, ip: null },
    idleTimeoutMs: 1_000,
    revokedReason: null
  }
})

const session = (id: string): InspectedSession => ({
  id,
  createdAt: at,
  expiresAt: at,
  device: { userAgent: null, ip: null },
  revokedAt: null,
  revokedReason: null,
  heldBy: { instanceId: "i1", thisInstance: true },
  machine: machine("unverified", 1),
  accepts: [],
  heldVersion: 1,
  behind: false,
  lastEvent: null
})

const whole: UserSessions = {
  user: { ...user, version: 1, lastChange: null },
  instanceId: "i1",
  checkedAt: at,
  sessions: [session("s1"), session("s2")],
  truncated: false,
  behindCount: 0,
  recentChanges: []
}

const step = (sessionId: string): LiveMessage => ({
  kind: "trail",
  entry: {
    kind: "stepped",
    id: `t-${sessionId}`,
    sessionId,
    at,
    instanceId: "i1",
    requestId: null,
    event: { type: "USER_CHANGED", user, version: 2, cause: "emailConfirmed" },
    cause: "emailConfirmed",
    stateBefore: { active: { email: "unverified", freshness: "current" } },
    stateAfter: { active: { email: "verified", freshness: "current" } },
    userVersionBefore: 1,
    userVersionAfter: 2
  },
  machine: machine("verified", 2),
  accepts: [],
  heldVersion: 2,
  behind: false
})

const folded = (picture: UserSessions | null, message: LiveMessage) => {
  const result = foldLiveMessage(picture, message)
  if (result.kind !== "folded") throw new Error("expected the message to fold")
  return result.picture
}

describe("foldLiveMessage", () => {
  it("moves the session a step names, and the user's fields with it, leaving the others", () => {
    const picture = folded(folded(null, { kind: "sessions", ...whole }), step("s1"))
    expect(picture.sessions.map((inspected) => inspected.machine.stateName)).toEqual([
      "active.verified",
      "active.unverified"
    ])
    expect(picture.sessions[0]?.lastEvent?.id).toBe("t-s1")
    expect(picture.user.emailConfirmed).toBe(true)
  })

  it("counts the sessions a step leaves behind", () => {
    const behind = { ...step("s2"), behind: true } as LiveMessage
    expect(folded(whole, behind).behindCount).toBe(1)
  })

  it("takes a fan-out as the user's newest version and a recent change", () => {
    const picture = folded(whole, {
      kind: "dispatch",
      id: "d1",
      at,
      instanceId: "i1",
      requestId: null,
      userVersion: 2,
      cause: "emailConfirmed",
      committedAt: at,
      reachedSessionIds: ["s1", "s2"],
      durationMs: 0.1
    })
    expect(picture.user.version).toBe(2)
    expect(picture.recentChanges).toEqual([
      { version: 2, cause: "emailConfirmed", committedAt: at, dispatches: [{ instanceId: "i1", reached: 2 }] }
    ])
  })

  it("asks for the whole picture for a session it does not have yet", () => {
    expect(foldLiveMessage(whole, step("s3")).kind).toBe("unknownSession")
  })
})
