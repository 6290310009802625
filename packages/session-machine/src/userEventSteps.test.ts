import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { advanceSession, startSession } from "./index.ts"
import type { SessionEvent, SessionSnapshot } from "./index.ts"
import { arbUserChanged, arbUserReloaded, user } from "../test/support/sessionArbitraries.ts"
import { stepsForUserEvent, type UserEvent } from "./userEventSteps.ts"

// Fan-out computes one XState step per kind of session and copies it to the others
// (userEventSteps.ts). That is only sound if it answers exactly what stepping each one does.

const arbVersion = fc.integer({ min: 0, max: 6 })
const arbUserEvent: fc.Arbitrary<UserEvent> = fc.oneof(arbUserChanged(arbVersion), arbUserReloaded(arbVersion))
const arbEvent: fc.Arbitrary<SessionEvent> = fc.oneof(
  { arbitrary: arbUserEvent, weight: 6 },
  {
    arbitrary: fc.record({ type: fc.constant("TOUCH" as const), at: fc.constant("2025-01-02T00:00:00.000Z") }),
    weight: 1
  },
  {
    arbitrary: fc.record({ type: fc.constant("REVOKE" as const), reason: fc.constant("signedOut" as const) }),
    weight: 1
  }
)

/** A session of the user, started at a version and moved by a few events; sessions differ in their own part. */
const arbSession = (index: number) =>
  fc
    .record({ userVersion: fc.integer({ min: 0, max: 3 }), events: fc.array(arbEvent, { maxLength: 6 }) })
    .map(({ userVersion, events }) =>
      events.reduce(
        (snapshot, event) => advanceSession(snapshot, event).snapshot,
        startSession({
          user,
          userVersion,
          session: {
            id: `session-${index}`,
            createdAt: "2025-01-01T00:00:00.000Z",
            lastSeenAt: `2025-01-01T00:0${index % 10}:00.000Z`,
            expiresAt: "2025-02-01T00:00:00.000Z",
            userAgent: `agent ${index}`,
            ip: null
          },
          idleTimeoutMs: (7 + index) * 24 * 60 * 60 * 1000
        })
      )
    )

const observable = (snapshot: SessionSnapshot) => ({
  value: snapshot.value,
  status: snapshot.status,
  context: snapshot.context,
  tags: [...snapshot.tags]
})

describe("a user event stepped once per kind of session", () => {
  it("answers exactly what advanceSession answers for each session", () => {
    const arbSessions = fc.tuple(...Array.from({ length: 6 }, (_, index) => arbSession(index)))
    fc.assert(
      fc.property(arbSessions, arbUserEvent, (sessions, event) => {
        const step = stepsForUserEvent(event)
        for (const session of sessions) {
          const shared = step(session)
          const own = advanceSession(session, event)
          expect(observable(shared.snapshot)).toEqual(observable(own.snapshot))
          expect(shared.effects).toEqual(own.effects)
          // "Nothing changed" is told by identity, as advanceSession tells it.
          expect(shared.snapshot === session).toBe(own.snapshot === session)
          // Later steps from the shared result go where they would have gone.
          const next: UserEvent = { ...event, version: event.version + 1 }
          expect(observable(advanceSession(shared.snapshot, next).snapshot)).toEqual(
            observable(advanceSession(own.snapshot, next).snapshot)
          )
        }
      }),
      { numRuns: 300 }
    )
  })
})
