import { createActor, createEmptyActor, fromTransition } from "xstate"
import type {
  AnyActorScope,
  AnyStateNode,
  AnyTransitionDefinition,
  ExecutableActionObject,
  InspectionEvent
} from "xstate"
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

/**
 * Runs one step. `from` is the snapshot it starts from: answered as it is when the event changed
 * nothing, and then it is someone's already, so its parts are left alone.
 */
const step = (run: () => SessionSnapshot, from?: SessionSnapshot): SessionStep => {
  collecting = []
  const made = run()
  const snapshot = made === from ? made : shareStateParts(made)
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
  step(() => sessionMachine.transition(snapshot, event, inertScope), snapshot)

/** A guard as a transition names it, with the parameters it was asked with. */
export type GuardReference = {
  readonly name: string
  readonly params: Readonly<Record<string, string | number | boolean | null>> | null
}

/**
 * One transition a step took. `id` is the transition's place in the machine definition
 * (`<source state path>:<event type or "(always)">:<index among that trigger's transitions>`),
 * so a chart drawn from the definition can point at it.
 */
export type TakenTransition = {
  readonly id: string
  /** An event's own transition, or an eventless (`always`) one that followed it. */
  readonly trigger: "event" | "always"
  /** The state that declares it, as a path (`active.freshness.current`). */
  readonly source: string
  /** Where it went; none for a transition that only runs actions (TOUCH moving lastSeenAt). */
  readonly targets: ReadonlyArray<string>
  /** The guard that let it through; null for an unguarded transition. */
  readonly guard: GuardReference | null
  /** Guards of the transitions declared before it for the same trigger, which said no. */
  readonly rejected: ReadonlyArray<GuardReference>
}

/** A step, and the transitions that made it, in the order the machine took them. */
export type ExplainedStep = SessionStep & { readonly transitions: ReadonlyArray<TakenTransition> }

const statePath = (node: AnyStateNode): string => node.path.join(".")

const guardReference = (
  guard: NonNullable<AnyTransitionDefinition["guard"]>,
  snapshot: SessionSnapshot,
  event: SessionEvent
): GuardReference => {
  if (typeof guard === "string") return { name: guard, params: null }
  if (typeof guard === "function") return { name: guard.name === "" ? "inline guard" : guard.name, params: null }
  const params: unknown =
    typeof guard.params === "function" ? guard.params({ context: snapshot.context, event }) : guard.params
  return {
    name: guard.type,
    params: params === undefined || params === null ? null : (params as GuardReference["params"])
  }
}

// Microsteps of the step being explained, told by an inspected system: XState reports each
// microstep's transitions only through inspection, so explaining a step runs it in a scope whose
// system has an inspector. Steps are synchronous, so one collector cannot see two of them at once.
let microsteps: Array<{
  readonly after: SessionSnapshot
  readonly transitions: ReadonlyArray<AnyTransitionDefinition>
}> = []
const inspected = createActor(
  fromTransition((state: null) => state, null),
  {
    inspect: (inspection: InspectionEvent) => {
      if (inspection.type === "@xstate.microstep") {
        microsteps.push({ after: inspection.snapshot as SessionSnapshot, transitions: inspection._transitions })
      }
    }
  }
)
const explainingScope: AnyActorScope = { ...inertScope, system: inspected.system }

const describeTransition = (
  transition: AnyTransitionDefinition,
  before: SessionSnapshot,
  event: SessionEvent
): TakenTransition => {
  const source: AnyStateNode = transition.source
  const always = source.always?.includes(transition) === true
  const siblings: ReadonlyArray<AnyTransitionDefinition> = always
    ? (source.always ?? [])
    : (source.transitions.get(transition.eventType) ?? [])
  const index = siblings.indexOf(transition)
  const reference = (guard: AnyTransitionDefinition["guard"]) =>
    guard === undefined ? null : guardReference(guard, before, event)
  return {
    id: `${source.path.length === 0 ? `#${source.machine.id}` : statePath(source)}:${always ? "(always)" : transition.eventType}:${index}`,
    trigger: always ? "always" : "event",
    source: statePath(source),
    targets: (transition.target ?? []).map(statePath),
    guard: reference(transition.guard),
    rejected: siblings.slice(0, Math.max(index, 0)).flatMap((earlier) => {
      const guard = reference(earlier.guard)
      return guard === null ? [] : [guard]
    })
  }
}

/**
 * The same step as `advanceSession`, with the transitions the machine took and the guards that
 * decided them. For replaying and inspecting recorded steps, not for the hot path: it reads
 * XState's inspection events, which cost more than the bare step.
 */
export const explainStep = (snapshot: SessionSnapshot, event: SessionEvent): ExplainedStep => {
  microsteps = []
  const { snapshot: after, effects } = step(() => sessionMachine.transition(snapshot, event, explainingScope), snapshot)
  // Params are read against the snapshot each microstep started from, as the machine read its guards.
  const transitions = microsteps.flatMap((microstep, index) =>
    microstep.transitions.map((transition) =>
      describeTransition(transition, microsteps[index - 1]?.after ?? snapshot, event)
    )
  )
  microsteps = []
  return { snapshot: after, effects, transitions }
}
