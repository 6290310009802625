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
// The snapshot a step started from: answered unchanged when the event changed nothing, and then
// it is someone's already, so it is left as it is.
let lastInput: SessionSnapshot | undefined

type StateParts = Pick<SessionSnapshot, "value" | "tags" | "_nodes" | "children" | "historyValue">

/**
 * Memory: a snapshot carries its state as objects of its own (the state value, the active state
 * nodes, a tag set, empty children and history), about a third of a live session's heap. They
 * depend only on which states are active and XState never changes them in place (a step makes
 * new ones), so every snapshot in the same state shares one set: the first seen in that state.
 * This machine has no child actors and no history states; a snapshot that had any would keep its own.
 */
const sharedByState = new Map<string, StateParts>()

const shareStateParts = (snapshot: SessionSnapshot): SessionSnapshot => {
  if (Object.keys(snapshot.children).length > 0 || Object.keys(snapshot.historyValue).length > 0) return snapshot
  const key = snapshot._nodes.map((node) => node.id).join(" ")
  const shared = sharedByState.get(key)
  if (shared === undefined) {
    const { value, tags, _nodes, children, historyValue } = snapshot
    sharedByState.set(key, { value, tags, _nodes, children, historyValue })
    return snapshot
  }
  // The snapshot was made by this step and no one holds it yet: it can take the shared parts.
  return Object.assign(snapshot, shared)
}

const step = (run: () => SessionSnapshot): SessionStep => {
  collecting = []
  const made = run()
  const snapshot = made === lastInput ? made : shareStateParts(made)
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
export const advanceSession = (snapshot: SessionSnapshot, event: SessionEvent): SessionStep => {
  lastInput = snapshot
  try {
    return step(() => sessionMachine.transition(snapshot, event, inertScope))
  } finally {
    lastInput = undefined
  }
}
