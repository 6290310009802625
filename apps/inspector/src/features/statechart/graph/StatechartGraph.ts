/**
 * The statechart as data: what the inspector draws, derived from a machine definition by
 * `deriveStatechartGraph`. Plain serialisable values (no XState objects), so the graph can be
 * compared in tests, sent to the layout worker, and read by any later view.
 */

/** XState's own kinds of state node. */
export type StateKind = "atomic" | "compound" | "parallel" | "final" | "history"

/** What makes a transition fire. */
export type TransitionTrigger =
  | { readonly kind: "event"; readonly event: string }
  /** Eventless (`always`): taken as soon as its guard holds. */
  | { readonly kind: "always" }
  /** Delayed (`after`): XState raises the event itself once the delay has passed. */
  | { readonly kind: "after"; readonly event: string; readonly delay: string }

/** A transition as declared on its source state. */
export type StatechartTransition = {
  /** Stable across derivations: source, trigger and the transition's place among that trigger's. */
  readonly id: string
  readonly source: string
  readonly trigger: TransitionTrigger
  /** The guard's name (`isEmailConfirmed`, `not(isUserSuspended)`), or null when unguarded. */
  readonly guard: string | null
}

/** A transition that moves to a state: one edge per target. */
export type StatechartEdge = StatechartTransition & {
  readonly target: string
  /** The target is exited and entered again even when the transition stays inside it. */
  readonly reenter: boolean
}

export type StatechartNode = {
  /** The state's path (`active.verified`), as `Whoami.session.state` names it; the root's is `rootNodeId`. */
  readonly id: string
  readonly label: string
  readonly kind: StateKind
  /** The enclosing state's id; null for the machine's root. */
  readonly parentId: string | null
  /** Entered when its (compound) parent is entered. Regions of a parallel state have no initial. */
  readonly initial: boolean
  /**
   * Transitions without a target: they run actions and leave the state as it is (no exit, no
   * entry), so they are listed on their state rather than drawn as loops that would claim a
   * re-entry.
   */
  readonly targetless: ReadonlyArray<StatechartTransition>
}

export type StatechartGraph = {
  readonly machineId: string
  /** Document order, parents before their children. */
  readonly nodes: ReadonlyArray<StatechartNode>
  readonly edges: ReadonlyArray<StatechartEdge>
}

/**
 * The machine itself is drawn as the outermost box, the source of transitions declared on the
 * root. XState reads a target that starts with `#` as a state id, so no usable state key starts
 * with it and this id never collides with a state's path.
 */
export const rootNodeId = (machineId: string): string => `#${machineId}`
