import type { SessionSnapshot } from "./sessionSnapshot.ts"
import type { UserChangedEvent, UserReloadedEvent } from "./sessionEvents.ts"
import { advanceSession, type SessionStep } from "./sessionSteps.ts"

/**
 * One user event (USER_CHANGED, USER_RELOADED) delivered to every session of its user: the
 * fan-out. XState's transition was nearly all of a fan-out's time (8 ms for 1,000 sessions), and
 * most of those sessions take the very same step.
 *
 * They do because the machine's guards and assignments for a user event read and write only the
 * user's part of the context (`user`, `userVersion`, `revokedReason`) and the state, never the
 * session's own part (`session`, `idleTimeoutMs`; see sessionMachine.ts). So two sessions that
 * agree on the user's part and the state take the same step: it is computed once, with XState,
 * and every other such session gets the result with its own session part put back. The cost is
 * one transition per distinct state among the user's sessions (usually one), plus a copy each.
 * userEventSteps.test.ts checks on random sessions and events that the result is exactly
 * `advanceSession`'s. A machine change that makes a user event read the session's own part must
 * drop this (that test would fail).
 */
export type UserEvent = UserChangedEvent | UserReloadedEvent

type Taken = { readonly before: SessionSnapshot; readonly step: SessionStep }

const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/** Whether the step of a user event is the same for both: the same state and the same user's part. */
const stepsAlike = (a: SessionSnapshot, b: SessionSnapshot) =>
  a.status === b.status &&
  a.context.userVersion === b.context.userVersion &&
  a.context.revokedReason === b.context.revokedReason &&
  sameValue(a.context.user, b.context.user) &&
  sameValue(a.value, b.value)

/** The step `taken` made, for `snapshot`: the same state and user's part, with its own session part. */
const stepOf = ({ before, step }: Taken, snapshot: SessionSnapshot): SessionStep => {
  if (step.snapshot === before) return { snapshot, effects: step.effects }
  const after = step.snapshot
  const { session, idleTimeoutMs } = snapshot.context
  return { snapshot: { ...after, context: { ...after.context, session, idleTimeoutMs } }, effects: step.effects }
}

/**
 * A step function for `event` to apply to many sessions: the same answer as `advanceSession`
 * for each, with one XState transition per kind of session rather than one per session.
 */
export const stepsForUserEvent = (event: UserEvent): ((snapshot: SessionSnapshot) => SessionStep) => {
  const taken: Array<Taken> = []
  return (snapshot) => {
    for (const each of taken) if (stepsAlike(each.before, snapshot)) return stepOf(each, snapshot)
    const step = advanceSession(snapshot, event)
    taken.push({ before: snapshot, step })
    return step
  }
}
