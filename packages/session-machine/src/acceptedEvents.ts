/**
 * What a session would do now with each kind of event the machine knows: the inspector's
 * "accepts now" list, asked of the machine itself (`snapshot.can`), never worked out from the
 * chart. An event's answer depends on what it carries (a version, a time), so each kind is asked
 * with one representative event, built from the session's own context, and answered with it.
 */
import type { SessionEvent } from "./sessionEvents.ts"
import type { SessionSnapshot } from "./sessionSnapshot.ts"

/** One kind of event, as it was asked, and whether the session would take a step on it. */
export type AcceptedEvent = { readonly event: SessionEvent; readonly accepted: boolean }

type RepresentativeEvents = {
  readonly [Type in SessionEvent["type"]]: (
    snapshot: SessionSnapshot,
    at: string
  ) => Extract<SessionEvent, { readonly type: Type }>
}

// An exhaustive table: a new kind of event does not compile until it says how to ask about it.
const representative: RepresentativeEvents = {
  // The next version: what any committed change would carry.
  USER_CHANGED: ({ context }) => ({
    type: "USER_CHANGED",
    user: context.user,
    version: context.userVersion + 1,
    cause: "externalWrite"
  }),
  // The user as the session holds it, as a reload would bring it when nothing changed.
  USER_RELOADED: ({ context }) => ({ type: "USER_RELOADED", user: context.user, version: context.userVersion }),
  TOUCH: (_, at) => ({ type: "TOUCH", at }),
  TICK: (_, at) => ({ type: "TICK", at }),
  REVOKE: () => ({ type: "REVOKE", reason: "revokedByUser" })
}

/** The event types the table answers for, in a fixed order. */
export const sessionEventTypes = Object.keys(representative) as ReadonlyArray<SessionEvent["type"]>

/** For every kind of event, a representative one at `atMs` and whether the session accepts it now. */
export const acceptedEvents = (snapshot: SessionSnapshot, atMs: number): ReadonlyArray<AcceptedEvent> => {
  const at = new Date(atMs).toISOString()
  return sessionEventTypes.map((type) => {
    const event = representative[type](snapshot, at)
    return { event, accepted: snapshot.can(event) }
  })
}
