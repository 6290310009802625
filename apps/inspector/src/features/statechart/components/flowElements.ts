/**
 * The laid-out chart as React Flow's nodes and edges, with what the selected session makes of
 * it: which states are active and which transitions it could take now. Pure, so the highlighting
 * rules are tested without a browser.
 */
import { type Edge, type EdgeMarker, MarkerType, type Node } from "@xyflow/react"
import { isEnabled } from "../graph/activeConfiguration.ts"
import type { StatechartGraph, StatechartNode } from "../graph/StatechartGraph.ts"
import { transitionLabel } from "../graph/transitionLabel.ts"
import type { Route, StatechartLayout } from "../layout/StatechartLayout.ts"

export type StateNodeData = {
  readonly state: StatechartNode
  readonly active: boolean
  /** A region of a parallel state, drawn with a dashed border as statecharts draw regions. */
  readonly region: boolean
  /** The ids of the state's targetless transitions the session could take now. */
  readonly enabledTargetless: ReadonlyArray<string>
  /** How many of the shown sessions are in this state (0 when the chart shows none). */
  readonly occupants: number
}

export type TransitionEdgeData = {
  readonly route: Route
  /** Null for an initial marker's arrow. */
  readonly label: string | null
  readonly enabled: boolean
}

export type StateFlowNode = Node<StateNodeData, "state">
export type InitialMarkerFlowNode = Node<Record<string, never>, "initialMarker">
export type ChartFlowNode = StateFlowNode | InitialMarkerFlowNode
export type TransitionFlowEdge = Edge<TransitionEdgeData, "transition">

/**
 * Edges and their labels are drawn above every state (React Flow's manual z-index mode): a
 * route between two nested states crosses its parents' boxes, and would vanish behind them.
 */
export const edgeLayer = 1000

/**
 * Arrowheads take their colour from the chart's stylesheet, like the lines they end, and keep
 * one size in pixels: a highlighted, thicker line would otherwise scale its arrowhead up too.
 */
const arrowhead = (enabled: boolean): EdgeMarker => ({
  type: MarkerType.ArrowClosed,
  color: enabled ? "var(--chart-enabled)" : "var(--chart-line)",
  markerUnits: "userSpaceOnUse",
  width: 28,
  height: 28
})

export type Selection = {
  readonly activeIds: ReadonlySet<string>
  readonly acceptedEvents: ReadonlySet<string>
  /** Sessions per state path, for a chart that shows where each of a user's sessions is. */
  readonly occupancy?: ReadonlyMap<string, number>
}

export const toFlowElements = (
  graph: StatechartGraph,
  layout: StatechartLayout,
  { activeIds, acceptedEvents, occupancy }: Selection
): { readonly nodes: ReadonlyArray<ChartFlowNode>; readonly edges: ReadonlyArray<TransitionFlowEdge> } => {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]))
  const depthOf = (node: StatechartNode): number => {
    const parent = node.parentId === null ? undefined : byId.get(node.parentId)
    return parent === undefined ? 0 : 1 + depthOf(parent)
  }
  const boxOf = (id: string) => {
    const box = layout.states.get(id)
    if (box === undefined) throw new Error(`the layout has no box for ${id}`)
    return box
  }
  const routeOf = (id: string): Route => layout.routes.get(id) ?? { points: [], label: null }

  const states = graph.nodes.map((state): StateFlowNode => {
    const { x, y, width, height } = boxOf(state.id)
    const active = activeIds.has(state.id)
    return {
      id: state.id,
      type: "state",
      position: { x, y },
      width,
      height,
      zIndex: depthOf(state),
      ...(state.parentId === null ? {} : { parentId: state.parentId }),
      ariaLabel: `state ${state.id}${active ? ", active" : ""}`,
      data: {
        state,
        active,
        region: state.parentId !== null && byId.get(state.parentId)?.kind === "parallel",
        enabledTargetless: state.targetless
          .filter((transition) => isEnabled(transition, activeIds, acceptedEvents))
          .map((transition) => transition.id),
        occupants: occupancy?.get(state.id) ?? 0
      }
    }
  })
  const markers = layout.initialMarkers.map((marker): InitialMarkerFlowNode => ({
    id: marker.id,
    type: "initialMarker",
    position: { x: marker.box.x, y: marker.box.y },
    width: marker.box.width,
    height: marker.box.height,
    parentId: marker.parentId,
    zIndex: depthOf(byId.get(marker.parentId)!) + 1,
    ariaLabel: `initial state of ${marker.parentId}: ${marker.targetId}`,
    data: {}
  }))

  const transitions = graph.edges.map((edge): TransitionFlowEdge => {
    const enabled = isEnabled(edge, activeIds, acceptedEvents)
    const label = transitionLabel(edge)
    return {
      id: edge.id,
      type: "transition",
      source: edge.source,
      target: edge.target,
      zIndex: edgeLayer,
      markerEnd: arrowhead(enabled),
      ariaLabel: `${label} from ${edge.source} to ${edge.target}${enabled ? ", can be taken now" : ""}`,
      data: { route: routeOf(edge.id), label, enabled }
    }
  })
  const arrows = layout.initialMarkers.map((marker): TransitionFlowEdge => ({
    id: marker.arrowId,
    type: "transition",
    source: marker.id,
    target: marker.targetId,
    zIndex: edgeLayer,
    markerEnd: arrowhead(false),
    data: { route: routeOf(marker.arrowId), label: null, enabled: false }
  }))

  // React Flow needs every parent before its children; states come in document order.
  return { nodes: [...states, ...markers], edges: [...arrows, ...transitions] }
}
