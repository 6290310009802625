/**
 * The statechart as ELK's input: every state a node sized for its text, nested as in the
 * machine; every edge with its label's size, so ELK leaves room for the label on its route;
 * and for each compound state a small initial marker with an arrow to its initial child.
 */
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api.js"
import type { StatechartGraph, StatechartNode } from "../graph/StatechartGraph.ts"
import { transitionLabel } from "../graph/transitionLabel.ts"
import {
  childPadding,
  edgeLabelPadding,
  initialMarkerSize,
  lineHeight,
  minimumStateWidth,
  stateLabelFontSize,
  statePadding,
  textWidth,
  transitionFontSize
} from "./chartMetrics.ts"
import { initialArrowId, initialChildren, initialMarkerId } from "./initialMarkers.ts"

/** The id of ELK's top graph, which holds the machine's node and every edge; no state key has `>`. */
export const chartRootId = ">chart"

/** Applied to every node unless it sets its own. */
export const chartLayoutOptions: LayoutOptions = {
  "elk.algorithm": "layered",
  // One layout over the whole hierarchy, so an edge between states of different parents (a
  // parent's REVOKE to a sibling, a region's state to another's) is routed with everything else.
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  // A session starts at the top and ends at the bottom, the way statecharts are usually read.
  "elk.direction": "DOWN",
  // Straight segments and right angles: labels sit on a straight stretch and stay readable.
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.edgeLabels.placement": "CENTER",
  "elk.spacing.nodeNode": "32",
  "elk.layered.spacing.nodeNodeBetweenLayers": "40",
  "elk.spacing.edgeNode": "16",
  "elk.spacing.edgeEdge": "12",
  "elk.spacing.edgeLabel": "4"
}

const historySize = 32

/** The state's own text: its name, then each targetless transition on a line of its own. */
const textLines = (node: StatechartNode): { readonly width: number; readonly lines: number } => {
  const labelWidth = textWidth(node.label, stateLabelFontSize)
  const transitionWidths = node.targetless.map((transition) =>
    textWidth(transitionLabel(transition), transitionFontSize)
  )
  return { width: Math.max(labelWidth, ...transitionWidths), lines: 1 + node.targetless.length }
}

const stateNode = (node: StatechartNode, children: ReadonlyArray<ElkNode>): ElkNode => {
  if (node.kind === "history") return { id: node.id, width: historySize, height: historySize }
  const text = textLines(node)
  const width = Math.max(minimumStateWidth, text.width + 2 * statePadding)
  const headerHeight = statePadding + text.lines * lineHeight
  if (children.length === 0) return { id: node.id, width, height: headerHeight + statePadding }
  return {
    id: node.id,
    children: [...children],
    layoutOptions: {
      // The header (name and targetless transitions) sits above the children.
      "elk.padding": `[top=${headerHeight + childPadding / 2},left=${childPadding},bottom=${childPadding},right=${childPadding}]`,
      "elk.nodeSize.constraints": "MINIMUM_SIZE",
      "elk.nodeSize.minimum": `(${width},${headerHeight + childPadding})`
    }
  }
}

export const toElkGraph = (graph: StatechartGraph): ElkNode => {
  const childrenOf = new Map<string, StatechartNode[]>()
  for (const node of graph.nodes) {
    if (node.parentId === null) continue
    childrenOf.set(node.parentId, [...(childrenOf.get(node.parentId) ?? []), node])
  }
  const initialChildOf = initialChildren(graph)
  const markerEdges: ElkExtendedEdge[] = []

  const build = (node: StatechartNode): ElkNode => {
    const children: ElkNode[] = (childrenOf.get(node.id) ?? []).map(build)
    const initialChild = initialChildOf.get(node.id)
    if (initialChild !== undefined) {
      const markerId = initialMarkerId(node.id)
      children.unshift({ id: markerId, width: initialMarkerSize, height: initialMarkerSize })
      markerEdges.push({ id: initialArrowId(node.id), sources: [markerId], targets: [initialChild] })
    }
    return stateNode(node, children)
  }

  const roots = graph.nodes.filter((node) => node.parentId === null).map(build)
  const transitionEdges = graph.edges.map((edge): ElkExtendedEdge => ({
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
    labels: [
      {
        text: transitionLabel(edge),
        width: textWidth(transitionLabel(edge), transitionFontSize) + 2 * edgeLabelPadding,
        height: lineHeight
      }
    ]
  }))
  return { id: chartRootId, children: roots, edges: [...markerEdges, ...transitionEdges] }
}
