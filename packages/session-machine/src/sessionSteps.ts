import { createEmptyActor } from "xstate"
import type { AnyActorScope, ExecutableActionObject } from "xstate"
import type { SessionSnapshot } from "./sessionSnapshot.ts"
import type { SessionInput } from "./sessionContext.ts"
import type { SessionEvent } from "./sessionEvents.ts"
import { sessionMachine } from "./sessionMachine.ts"

/** What the machine asks its owner to do after a step (its named actions without a body). */
export type SessionEffect = "reloadUser" | "recordExpiryInStore"

const isSessionEffect = (type: string): type is SessionEffect => type === "reloadUser" || type === "recordExpiryInStore"

/** One step of a session: the snapshot after it, and the effects its owner must now perform. */
export type SessionStep = { readonly snapshot: SessionSnapshot; readonly effects: ReadonlyArray<SessionEffect> }

// XState's `initialTransition` / `transition` build a throwaway actor on every call, which is
// three quarters of their cost and breaks the fan-out budget (1,000 sessions in 15 ms). The
// machine only assigns and names effects, so one inert scope can be shared by all sessions: it
// executes nothing and only notes the named effects of the step that is running. Steps are
// synchronous, so one collector cannot see two steps at once.
let collecting: Array<SessionEffect> = []
const inert = createEmptyActor()
const inertScope: AnyActorScope = {
  self: inert,
  id: "",
  sessionId: "",
  system: inert.system,
  logger: () => {},
  defer: () => {},
  emit: () => {},
  stopChild: () => {},
  actionExecutor: (action: ExecutableActionObject) => {
    if (isSessionEffect(action.type)) collecting.push(action.type)
  }
}

const noEffects: ReadonlyArray<SessionEffect> = []

const step = (run: () => SessionSnapshot): SessionStep => {
  collecting = []
  const snapshot = run()
  const effects = collecting.length === 0 ? noEffects : collecting
  collecting = []
  return { snapshot, effects }
}

/** A session as the store holds it, made live. */
export const startSession = (input: SessionInput): SessionSnapshot =>
  step(() => sessionMachine.getInitialSnapshot(inertScope, input)).snapshot

/**
 * Advances the session by one event. When the event changes nothing, the snapshot answered is
 * the very one passed in, so owners can tell "no change" by identity.
 */
export const advanceSession = (snapshot: SessionSnapshot, event: SessionEvent): SessionStep =>
  step(() => sessionMachine.transition(snapshot, event, inertScope))
