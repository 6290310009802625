import { sessionMachine } from "@verity/session-machine"
import ELK from "elkjs/lib/elk.bundled.js"
import { createMachine } from "xstate"
import { describe, expect, it } from "vitest"
import { deriveStatechartGraph } from "../graph/deriveStatechartGraph.ts"
import type { StatechartGraph } from "../graph/StatechartGraph.ts"
import { transitionLabel } from "../graph/transitionLabel.ts"
import { textWidth, transitionFontSize } from "./chartMetrics.ts"
import { layoutStatechart } from "./layoutStatechart.ts"
import type { Box, Point, StatechartLayout } from "./StatechartLayout.ts"

// The same engine the worker runs, here in the test's own thread.
const elk = new ELK()

const parallelMachine = createMachine({
  id: "session",
  initial: "active",
  states: {
    active: {
      type: "parallel",
      on: { REVOKE: "revoked" },
      states: {
        email: { initial: "unverified", states: { unverified: { on: { CONFIRM: "verified" } }, verified: {} } },
        freshness: {
          initial: "current",
          states: { current: { on: { GAP: "stale" } }, stale: { on: { SYNC: "current" } } }
        }
      }
    },
    revoked: { type: "final" }
  }
})

/** Each state's box in the chart's absolute coordinates. */
const absoluteBoxes = (graph: StatechartGraph, layout: StatechartLayout): Map<string, Box> => {
  const boxes = new Map<string, Box>()
  for (const node of graph.nodes) {
    const own = layout.states.get(node.id)
    if (own === undefined) throw new Error(`${node.id} was not laid out`)
    const parent = node.parentId === null ? { x: 0, y: 0 } : boxes.get(node.parentId)
    if (parent === undefined) throw new Error(`${node.id} came before its parent`)
    boxes.set(node.id, { ...own, x: parent.x + own.x, y: parent.y + own.y })
  }
  return boxes
}

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

const onBorder = (point: Point, box: Box): boolean => {
  const tolerance = 1
  const withinX = point.x >= box.x - tolerance && point.x <= box.x + box.width + tolerance
  const withinY = point.y >= box.y - tolerance && point.y <= box.y + box.height + tolerance
  const nearVertical = Math.abs(point.x - box.x) <= tolerance || Math.abs(point.x - box.x - box.width) <= tolerance
  const nearHorizontal = Math.abs(point.y - box.y) <= tolerance || Math.abs(point.y - box.y - box.height) <= tolerance
  return withinX && withinY && (nearVertical || nearHorizontal)
}

describe.each([
  ["the session machine", deriveStatechartGraph(sessionMachine)],
  ["a machine with parallel regions", deriveStatechartGraph(parallelMachine)]
])("the layout of %s", (_, graph) => {
  const laidOut = layoutStatechart(graph, elk)

  it("puts every state inside its parent, clear of its siblings", async () => {
    const boxes = absoluteBoxes(graph, await laidOut)
    for (const node of graph.nodes) {
      const box = boxes.get(node.id)!
      expect(box.width * box.height).toBeGreaterThan(0)
      if (node.parentId !== null) expect(inside(box, boxes.get(node.parentId)!), node.id).toBe(true)
      for (const sibling of graph.nodes.filter((other) => other.parentId === node.parentId && other.id < node.id)) {
        expect(overlap(box, boxes.get(sibling.id)!), `${node.id} and ${sibling.id}`).toBe(false)
      }
    }
  })

  it("routes every edge from the border of its source to the border of its target", async () => {
    const layout = await laidOut
    const boxes = absoluteBoxes(graph, layout)
    for (const edge of graph.edges) {
      const points = layout.routes.get(edge.id)?.points ?? []
      expect(points.length, edge.id).toBeGreaterThanOrEqual(2)
      expect(onBorder(points[0]!, boxes.get(edge.source)!), `${edge.id} starts on ${edge.source}`).toBe(true)
      expect(onBorder(points.at(-1)!, boxes.get(edge.target)!), `${edge.id} ends on ${edge.target}`).toBe(true)
    }
  })

  it("gives every edge label a place as wide as its text, clear of the states it does not belong to", async () => {
    const layout = await laidOut
    const boxes = absoluteBoxes(graph, layout)
    const leaves = graph.nodes.filter((node) => !graph.nodes.some((child) => child.parentId === node.id))
    for (const edge of graph.edges) {
      const label = layout.routes.get(edge.id)?.label
      expect(label, edge.id).not.toBeNull()
      expect(label!.width).toBeGreaterThanOrEqual(textWidth(transitionLabel(edge), transitionFontSize))
      for (const leaf of leaves) expect(overlap(label!, boxes.get(leaf.id)!), `${edge.id} over ${leaf.id}`).toBe(false)
    }
  })

  it("marks the initial child of every compound state with an arrow into it", async () => {
    const layout = await laidOut
    const boxes = absoluteBoxes(graph, layout)
    const compound = graph.nodes.filter((node) => node.kind === "compound")
    expect(layout.initialMarkers.map((marker) => marker.parentId)).toEqual(compound.map((node) => node.id))
    for (const marker of layout.initialMarkers) {
      const arrow = layout.routes.get(marker.arrowId)?.points ?? []
      expect(graph.nodes.find((node) => node.id === marker.targetId)?.initial).toBe(true)
      expect(onBorder(arrow.at(-1)!, boxes.get(marker.targetId)!)).toBe(true)
    }
  })
})
