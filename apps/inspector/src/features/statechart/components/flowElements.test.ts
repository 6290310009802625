import { sessionMachine } from "@verity/session-machine"
import ELK from "elkjs/lib/elk.bundled.js"
import { describe, expect, it } from "vitest"
import { activeNodeIds, eventsHandledIn } from "../graph/activeConfiguration.ts"
import { deriveStatechartGraph } from "../graph/deriveStatechartGraph.ts"
import { layoutStatechart } from "../layout/layoutStatechart.ts"
import { type StateFlowNode, toFlowElements } from "./flowElements.ts"

const graph = deriveStatechartGraph(sessionMachine)
const layout = await layoutStatechart(graph, new ELK())

const selecting = (...states: string[]) => {
  const activeIds = activeNodeIds(graph, states)
  return { activeIds, acceptedEvents: new Set(eventsHandledIn(graph, activeIds)) }
}

const stateNodes = (nodes: ReadonlyArray<{ readonly type?: string }>) =>
  nodes.filter((node): node is StateFlowNode => node.type === "state")

describe("the chart's React Flow elements", () => {
  const { nodes, edges } = toFlowElements(graph, layout, selecting())

  it("put every parent before its children, as React Flow's sub-flows need", () => {
    const seen = new Set<string>()
    for (const node of nodes) {
      if (node.parentId !== undefined) expect(seen.has(node.parentId), `${node.id} after ${node.parentId}`).toBe(true)
      seen.add(node.id)
    }
    expect(stateNodes(nodes).map((node) => node.id)).toEqual(graph.nodes.map((node) => node.id))
  })

  it("draw every edge above every state, so routes through a parent's box stay visible", () => {
    const highestState = Math.max(...nodes.map((node) => node.zIndex ?? 0))
    for (const edge of edges) expect(edge.zIndex ?? 0).toBeGreaterThan(highestState)
  })

  it("label each transition and leave the initial arrows unlabelled", () => {
    const labels = new Map(edges.map((edge) => [edge.id, edge.data?.label]))
    expect(labels.get("active:REVOKE:0>revoked")).toBe("REVOKE")
    expect(labels.get("active:(always):0>revoked")).toBe("always [wasRevokedBeforeLoad]")
    expect(layout.initialMarkers.map((marker) => labels.get(marker.arrowId))).toEqual([null, null, null])
  })

  it("highlight nothing while no state is selected", () => {
    expect(stateNodes(nodes).filter((node) => node.data.active)).toEqual([])
    expect(edges.filter((edge) => edge.data?.enabled)).toEqual([])
  })
})

describe("a selected state", () => {
  it("marks itself and its ancestors active, and what it accepts enabled", () => {
    const { nodes, edges } = toFlowElements(graph, layout, selecting("active.email.unverified"))
    const states = stateNodes(nodes)
    expect(states.filter((node) => node.data.active).map((node) => node.id)).toEqual([
      "#session",
      "active",
      "active.email",
      "active.email.unverified"
    ])
    expect(edges.filter((edge) => edge.data?.enabled).map((edge) => edge.data?.label)).toEqual([
      "TOUCH [hasExpired]",
      "TICK [hasExpired]",
      "REVOKE"
    ])
    expect(states.find((node) => node.id === "active")?.data.enabledTargetless).toEqual(
      graph.nodes.find((node) => node.id === "active")?.targetless.map((transition) => transition.id)
    )
    expect(states.find((node) => node.id === "active.email.unverified")?.ariaLabel).toBe(
      "state active.email.unverified, active"
    )
  })

  it("tell each state how many of the shown sessions it holds", () => {
    const occupancy = new Map([["active.email.verified", 3]])
    const states = stateNodes(toFlowElements(graph, layout, { ...selecting(), occupancy }).nodes)
    expect(states.find((node) => node.id === "active.email.verified")?.data.occupants).toBe(3)
    expect(states.filter((node) => node.data.occupants > 0)).toHaveLength(1)
  })
})
