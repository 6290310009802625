/**
 * Reads a machine's definition (its state nodes and their transitions, as XState resolved them)
 * into the `StatechartGraph` the inspector draws. Nothing about the session machine is written
 * here, so a change to the machine redraws the chart with no change to the inspector.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from "xstate"
import { describeGuard } from "./describeGuard.ts"
import {
  rootNodeId,
  type StatechartEdge,
  type StatechartGraph,
  type StatechartNode,
  type StatechartTransition,
  type TransitionTrigger
} from "./StatechartGraph.ts"

type TransitionGroup = {
  readonly trigger: TransitionTrigger
  readonly transitions: ReadonlyArray<AnyTransitionDefinition>
}

/** XState keeps an `after` transition's delay on the transition itself. */
const delayOf = (transition: AnyTransitionDefinition): string | null => {
  if (!("delay" in transition)) return null
  const delay: unknown = transition.delay
  if (typeof delay === "number") return `${delay}ms`
  return typeof delay === "string" ? delay : "computed delay"
}

const triggerOf = (eventType: string, transition: AnyTransitionDefinition): TransitionTrigger => {
  const delay = delayOf(transition)
  return delay === null ? { kind: "event", event: eventType } : { kind: "after", event: eventType, delay }
}

/** Part of a transition's id; `(always)` cannot be mistaken for an event anyone sends. */
const triggerKey = (trigger: TransitionTrigger): string => (trigger.kind === "always" ? "(always)" : trigger.event)

/** Every transition declared on a node, grouped by trigger, each group in declaration order. */
const transitionGroupsOf = (node: AnyStateNode): ReadonlyArray<TransitionGroup> => {
  const groups: TransitionGroup[] = []
  if (node.always !== undefined && node.always.length > 0) {
    groups.push({ trigger: { kind: "always" }, transitions: node.always })
  }
  // `transitions` holds `on`, `after`, `onDone` and an invoked actor's done/error transitions.
  for (const [eventType, transitions] of node.transitions) {
    const first = transitions[0]
    if (first !== undefined) groups.push({ trigger: triggerOf(eventType, first), transitions })
  }
  return groups
}

export const deriveStatechartGraph = (machine: AnyStateMachine): StatechartGraph => {
  const machineId = machine.id
  const nodes: StatechartNode[] = []
  const edges: StatechartEdge[] = []

  const idOf = (node: AnyStateNode): string => (node.path.length === 0 ? rootNodeId(machineId) : node.path.join("."))

  const labelOf = (node: AnyStateNode): string => {
    if (node.path.length === 0) return machineId
    if (node.type === "history") return node.history === "deep" ? "H*" : "H"
    return node.key
  }

  const visit = (node: AnyStateNode, parent: AnyStateNode | null): void => {
    const id = idOf(node)
    const targetless: StatechartTransition[] = []
    for (const { trigger, transitions } of transitionGroupsOf(node)) {
      transitions.forEach((transition, index) => {
        const declared: StatechartTransition = {
          id: `${id}:${triggerKey(trigger)}:${index}`,
          source: id,
          trigger,
          guard: transition.guard === undefined ? null : describeGuard(transition.guard)
        }
        const targets = transition.target ?? []
        if (targets.length === 0) targetless.push(declared)
        // A transition into several parallel regions at once is one edge per region entered.
        for (const target of targets) {
          const targetId = idOf(target)
          edges.push({ ...declared, id: `${declared.id}>${targetId}`, target: targetId, reenter: transition.reenter })
        }
      })
    }
    nodes.push({
      id,
      label: labelOf(node),
      kind: node.type,
      parentId: parent === null ? null : idOf(parent),
      initial: parent?.type === "compound" && parent.initial.target.includes(node),
      targetless
    })
    for (const child of Object.values(node.states)) visit(child, node)
  }

  visit(machine.root, null)
  return { machineId, nodes, edges }
}
