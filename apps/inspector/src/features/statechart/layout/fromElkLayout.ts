/**
 * Reads ELK's answer back into a `StatechartLayout`. ELK gives a node's position relative to its
 * parent (what React Flow's sub-flows want as is) and an edge's route and label relative to the
 * edge's `container`, the node that holds both ends, so routes are moved by that node's
 * absolute position.
 */
import type { ElkEdgeSection, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js"
import type { StatechartGraph } from "../graph/StatechartGraph.ts"
import type { Box, InitialMarker, Point, Route, StatechartLayout } from "./StatechartLayout.ts"
import { initialArrowId, initialChildren, initialMarkerId } from "./initialMarkers.ts"
import { chartRootId } from "./toElkGraph.ts"

const boxOf = (shape: ElkNode, offset: Point = { x: 0, y: 0 }): Box => ({
  x: offset.x + (shape.x ?? 0),
  y: offset.y + (shape.y ?? 0),
  width: shape.width ?? 0,
  height: shape.height ?? 0
})

const sectionPoints = (section: ElkEdgeSection): Point[] => [
  section.startPoint,
  ...(section.bendPoints ?? []),
  section.endPoint
]

export const fromElkLayout = (graph: StatechartGraph, laidOut: ElkNode): StatechartLayout => {
  const absolute = new Map<string, Point>([[chartRootId, { x: 0, y: 0 }]])
  const relative = new Map<string, Box>()
  const edges: ElkExtendedEdge[] = [...(laidOut.edges ?? [])]

  const visit = (node: ElkNode, parentAbsolute: Point): void => {
    const box = boxOf(node)
    relative.set(node.id, box)
    const own = { x: parentAbsolute.x + box.x, y: parentAbsolute.y + box.y }
    absolute.set(node.id, own)
    edges.push(...(node.edges ?? []))
    for (const child of node.children ?? []) visit(child, own)
  }
  for (const child of laidOut.children ?? []) visit(child, { x: 0, y: 0 })

  const placed = (id: string): Box => {
    const box = relative.get(id)
    if (box === undefined) throw new Error(`ELK left ${id} out of the layout`)
    return box
  }

  const routes = new Map<string, Route>()
  for (const edge of edges) {
    const offset = absolute.get(edge.container ?? chartRootId) ?? { x: 0, y: 0 }
    const points = (edge.sections ?? []).flatMap(sectionPoints).map((point) => ({
      x: offset.x + point.x,
      y: offset.y + point.y
    }))
    const label = edge.labels?.[0]
    routes.set(edge.id, { points, label: label === undefined ? null : boxOf({ id: edge.id, ...label }, offset) })
  }

  const initialMarkers: InitialMarker[] = [...initialChildren(graph)].map(([parentId, targetId]) => ({
    id: initialMarkerId(parentId),
    arrowId: initialArrowId(parentId),
    parentId,
    targetId,
    box: placed(initialMarkerId(parentId))
  }))

  return {
    width: laidOut.width ?? 0,
    height: laidOut.height ?? 0,
    states: new Map(graph.nodes.map((node) => [node.id, placed(node.id)])),
    initialMarkers,
    routes
  }
}
