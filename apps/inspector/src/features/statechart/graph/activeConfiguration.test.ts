import { sessionMachine } from "@verity/session-machine"
import { createMachine } from "xstate"
import { describe, expect, it } from "vitest"
import { activeNodeIds, eventsHandledIn, isEnabled } from "./activeConfiguration.ts"
import { deriveStatechartGraph } from "./deriveStatechartGraph.ts"

const graph = deriveStatechartGraph(sessionMachine)

const edgeFor = (source: string, event: string) => {
  const edge = graph.edges.find(
    (candidate) =>
      candidate.source === source && candidate.trigger.kind === "event" && candidate.trigger.event === event
  )
  if (edge === undefined) throw new Error(`no ${event} edge from ${source}`)
  return edge
}

describe("the active states", () => {
  it("are the session's state and every state that contains it", () => {
    expect([...activeNodeIds(graph, ["active.email.verified"])]).toEqual([
      "active.email.verified",
      "active.email",
      "active",
      "#session"
    ])
  })

  it("leave out a state the chart does not know, such as one from a newer machine", () => {
    expect([...activeNodeIds(graph, ["active.locked"])]).toEqual([])
  })

  it("are one state per region of a parallel state", () => {
    const parallel = deriveStatechartGraph(
      createMachine({
        id: "session",
        type: "parallel",
        states: {
          email: { initial: "unverified", states: { unverified: {}, verified: {} } },
          freshness: { initial: "current", states: { current: {}, stale: {} } }
        }
      })
    )
    expect(new Set(activeNodeIds(parallel, ["email.verified", "freshness.stale"]))).toEqual(
      new Set(["#session", "email", "email.verified", "freshness", "freshness.stale"])
    )
  })
})

describe("a transition the session can take now", () => {
  const activeIds = activeNodeIds(graph, ["active.email.verified", "active.freshness.current"])

  it("is declared on an active state, for an event the session accepts", () => {
    expect(isEnabled(edgeFor("active", "REVOKE"), activeIds, new Set(["REVOKE"]))).toBe(true)
    expect(isEnabled(edgeFor("active", "REVOKE"), activeIds, new Set(["TICK"]))).toBe(false)
    expect(isEnabled(edgeFor("active", "REVOKE"), activeNodeIds(graph, ["revoked"]), new Set(["REVOKE"]))).toBe(false)
  })

  it("is never an eventless one: no event is sent to take it", () => {
    const always = graph.edges.filter((edge) => edge.trigger.kind === "always")
    expect(always.length).toBeGreaterThan(0)
    expect(always.some((edge) => isEnabled(edge, activeIds, new Set(["always", ""])))).toBe(false)
  })
})

describe("the events a state listens to", () => {
  it("are those of its own transitions and its ancestors', each once", () => {
    expect(eventsHandledIn(graph, activeNodeIds(graph, ["active.email.verified", "active.freshness.current"]))).toEqual(
      ["TOUCH", "USER_CHANGED", "USER_RELOADED", "TICK", "REVOKE"]
    )
  })

  it("are none in a final state", () => {
    expect(eventsHandledIn(graph, activeNodeIds(graph, ["revoked"]))).toEqual([])
  })
})
