/**
 * Which states of the chart are active, and which transitions could fire now. A session reports
 * its leaf states (`active.verified`); being in a state means being in each of its ancestors, so
 * they are active too, and so are the transitions declared on them.
 */
import type { StatechartGraph, StatechartTransition } from "./StatechartGraph.ts"

/** The given states and all their ancestors. Paths the chart does not know are left out. */
export const activeNodeIds = (graph: StatechartGraph, activeStates: ReadonlyArray<string>): ReadonlySet<string> => {
  const parentOf = new Map(graph.nodes.map((node) => [node.id, node.parentId]))
  const active = new Set<string>()
  for (const state of activeStates) {
    let id: string | null | undefined = parentOf.has(state) ? state : undefined
    while (id !== null && id !== undefined && !active.has(id)) {
      active.add(id)
      id = parentOf.get(id)
    }
  }
  return active
}

/** A transition the session can take now: declared on an active state and for an event it accepts. */
export const isEnabled = (
  transition: StatechartTransition,
  activeIds: ReadonlySet<string>,
  acceptedEvents: ReadonlySet<string>
): boolean =>
  transition.trigger.kind === "event" &&
  acceptedEvents.has(transition.trigger.event) &&
  activeIds.has(transition.source)

/** The events some transition of an active state listens to, each once. */
export const eventsHandledIn = (graph: StatechartGraph, activeIds: ReadonlySet<string>): ReadonlyArray<string> => {
  const transitions = [...graph.nodes.flatMap((node) => node.targetless), ...graph.edges]
  const events = transitions.flatMap((transition) =>
    transition.trigger.kind === "event" && activeIds.has(transition.source) ? [transition.trigger.event] : []
  )
  return [...new Set(events)]
}
