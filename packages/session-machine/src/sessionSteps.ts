import { createEmptyActor } from "xstate"
import type { AnyActorScope } from "xstate"
import type { SessionSnapshot } from "./gates.ts"
import type { SessionInput } from "./sessionContext.ts"
import type { SessionEvent } from "./sessionEvents.ts"
import { sessionMachine } from "./sessionMachine.ts"

// XState's `initialTransition` / `transition` build a throwaway actor on every call, which
// is three quarters of their cost and breaks the fan-out budget (1,000 sessions in 15 ms).
// The machine only assigns, so one inert scope that drops every effect can be shared by
// all sessions: nothing in it is ever read or written per session.
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
  actionExecutor: () => {}
}

export const startSession = (input: SessionInput): SessionSnapshot =>
  sessionMachine.getInitialSnapshot(inertScope, input)

export const advanceSession = (snapshot: SessionSnapshot, event: SessionEvent): SessionSnapshot =>
  sessionMachine.transition(snapshot, event, inertScope)
