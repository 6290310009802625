// Over 200 lines on purpose: one case per kind of statechart element (nesting, parallel regions, guards, final states) derived from a machine.
import { sessionMachine } from "@verity/session-machine"
import { and, createMachine, not, stateIn } from "xstate"
import { describe, expect, it } from "vitest"
import { deriveStatechartGraph } from "./deriveStatechartGraph.ts"
import type { StatechartEdge, StatechartGraph } from "./StatechartGraph.ts"
import { transitionLabel } from "./transitionLabel.ts"

/** An edge the way a reader of the chart sees it: `source --LABEL--> target`. */
const drawn = (edge: StatechartEdge): string => `${edge.source} --${transitionLabel(edge)}--> ${edge.target}`

const nodeById = (graph: StatechartGraph, id: string) => {
  const node = graph.nodes.find((candidate) => candidate.id === id)
  if (node === undefined) throw new Error(`the chart has no node ${id}`)
  return node
}

describe("the session machine's chart", () => {
  const graph = deriveStatechartGraph(sessionMachine)

  it("has a node for the machine and each of its states, parents first", () => {
    expect(
      graph.nodes.map(({ id, label, kind, parentId, initial }) => ({ id, label, kind, parentId, initial }))
    ).toEqual([
      { id: "#session", label: "session", kind: "compound", parentId: null, initial: false },
      { id: "active", label: "active", kind: "parallel", parentId: "#session", initial: true },
      { id: "active.email", label: "email", kind: "compound", parentId: "active", initial: false },
      { id: "active.email.unverified", label: "unverified", kind: "atomic", parentId: "active.email", initial: true },
      { id: "active.email.verified", label: "verified", kind: "atomic", parentId: "active.email", initial: false },
      { id: "active.freshness", label: "freshness", kind: "compound", parentId: "active", initial: false },
      { id: "active.freshness.current", label: "current", kind: "atomic", parentId: "active.freshness", initial: true },
      { id: "active.freshness.stale", label: "stale", kind: "atomic", parentId: "active.freshness", initial: false },
      { id: "revoked", label: "revoked", kind: "final", parentId: "#session", initial: false }
    ])
  })

  it("draws every transition that moves, with its event and guard, from the state that declares it", () => {
    expect(graph.edges.map(drawn)).toEqual([
      "active --always [wasRevokedBeforeLoad]--> revoked",
      "active --always [isUserSuspended]--> revoked",
      "active --TOUCH [hasExpired]--> revoked",
      "active --TICK [hasExpired]--> revoked",
      "active --REVOKE--> revoked",
      "active.email.unverified --always [isEmailConfirmed]--> active.email.verified",
      "active.email.verified --always [isEmailUnconfirmed]--> active.email.unverified",
      "active.freshness.current --USER_CHANGED [isVersionGap]--> active.freshness.stale",
      "active.freshness.stale --USER_RELOADED [isNotOlder]--> active.freshness.current"
    ])
  })

  it("lists the transitions that only run actions on their state instead of drawing them", () => {
    expect(nodeById(graph, "active").targetless.map(transitionLabel)).toEqual(["TOUCH [movesLastSeen]"])
    expect(nodeById(graph, "active.freshness.current").targetless.map(transitionLabel)).toEqual([
      "USER_CHANGED [isNextVersion]",
      "USER_RELOADED [isNotOlder]"
    ])
    expect(
      graph.edges.some(
        (edge) => edge.trigger.kind === "event" && edge.trigger.event === "TOUCH" && edge.target !== "revoked"
      )
    ).toBe(false)
  })

  it("gives every node and edge its own id, the same on every derivation", () => {
    const ids = [...graph.nodes.map((node) => node.id), ...graph.edges.map((edge) => edge.id)]
    expect(new Set(ids).size).toBe(ids.length)
    expect(deriveStatechartGraph(sessionMachine)).toEqual(graph)
  })
})

describe("a change to the machine", () => {
  it("adds exactly the new state's node and the new transition's edge, and leaves the rest as it was", () => {
    const config = sessionMachine.config
    const active = config.states?.["active"]
    // LOCK is an event the session machine's types do not know yet; that is the point.
    const activeOn = { ...active?.on, LOCK: "locked" } as NonNullable<NonNullable<typeof active>["on"]>
    const changed = createMachine({
      ...config,
      states: {
        ...config.states,
        active: { ...active, on: activeOn },
        locked: {}
      }
    })
    const before = deriveStatechartGraph(sessionMachine)
    const after = deriveStatechartGraph(changed)

    const beforeNodeIds = new Set(before.nodes.map((node) => node.id))
    const beforeEdgeIds = new Set(before.edges.map((edge) => edge.id))
    const newNodes = after.nodes.filter((node) => !beforeNodeIds.has(node.id))
    const newEdges = after.edges.filter((edge) => !beforeEdgeIds.has(edge.id))

    expect(newNodes.map((node) => [node.id, node.kind, node.parentId])).toEqual([["locked", "atomic", "#session"]])
    expect(newEdges.map(drawn)).toEqual(["active --LOCK--> locked"])
    expect(after.nodes.filter((node) => beforeNodeIds.has(node.id))).toEqual(before.nodes)
    expect(after.edges.filter((edge) => beforeEdgeIds.has(edge.id))).toEqual(before.edges)
  })
})

function hasQuota() {
  return true
}

describe("guards", () => {
  const graph = deriveStatechartGraph(
    createMachine({
      id: "guarded",
      initial: "idle",
      states: {
        idle: {
          on: {
            NAMED: { guard: "isReady", target: "done" },
            WITH_PARAMS: { guard: { type: "isAtLeast", params: { level: 2 } }, target: "done" },
            NEGATED: { guard: not("isReady"), target: "done" },
            COMBINED: { guard: and(["isReady", { type: "isAtLeast", params: { level: 1 } }]), target: "done" },
            IN_STATE: { guard: stateIn("#guarded.idle"), target: "done" },
            INLINE: { guard: () => true, target: "done" },
            NAMED_FUNCTION: { guard: hasQuota, target: "done" }
          }
        },
        done: { type: "final" }
      }
    })
  )

  it("show by name, however the machine writes them", () => {
    expect(graph.edges.map(transitionLabel)).toEqual([
      "NAMED [isReady]",
      "WITH_PARAMS [isAtLeast]",
      "NEGATED [not(isReady)]",
      "COMBINED [and(isReady, isAtLeast)]",
      "IN_STATE [stateIn(#guarded.idle)]",
      "INLINE [inline guard]",
      "NAMED_FUNCTION [hasQuota]"
    ])
  })
})

describe("parallel regions", () => {
  // The shape the session machine is about to take: an email region and a freshness region.
  const graph = deriveStatechartGraph(
    createMachine({
      id: "session",
      initial: "active",
      on: { RESYNC: { target: ["#session.active.email.unverified", "#session.active.freshness.current"] } },
      states: {
        active: {
          type: "parallel",
          on: { REVOKE: "revoked" },
          states: {
            email: {
              initial: "unverified",
              states: { unverified: { on: { CONFIRM: "verified" } }, verified: {} }
            },
            freshness: {
              initial: "current",
              states: { current: { on: { GAP: "stale" } }, stale: { on: { SYNC: "current" } } }
            }
          }
        },
        revoked: { type: "final" }
      }
    })
  )

  it("nest each region, with its own initial state, inside the parallel state", () => {
    expect(graph.nodes.map(({ id, kind, parentId, initial }) => [id, kind, parentId, initial])).toEqual([
      ["#session", "compound", null, false],
      ["active", "parallel", "#session", true],
      ["active.email", "compound", "active", false],
      ["active.email.unverified", "atomic", "active.email", true],
      ["active.email.verified", "atomic", "active.email", false],
      ["active.freshness", "compound", "active", false],
      ["active.freshness.current", "atomic", "active.freshness", true],
      ["active.freshness.stale", "atomic", "active.freshness", false],
      ["revoked", "final", "#session", false]
    ])
  })

  it("draw the transitions inside each region, and one edge per region a transition enters", () => {
    expect(graph.edges.map(drawn)).toEqual([
      "#session --RESYNC--> active.email.unverified",
      "#session --RESYNC--> active.freshness.current",
      "active --REVOKE--> revoked",
      "active.email.unverified --CONFIRM--> active.email.verified",
      "active.freshness.current --GAP--> active.freshness.stale",
      "active.freshness.stale --SYNC--> active.freshness.current"
    ])
  })
})

describe("other kinds of state and transition", () => {
  const graph = deriveStatechartGraph(
    createMachine({
      id: "player",
      initial: "playing",
      states: {
        playing: {
          initial: "track",
          states: {
            track: { on: { NEXT: { target: "track", reenter: true } } },
            resume: { type: "history", history: "deep" }
          },
          after: { 30000: "idle" },
          on: { STOP: "stopped" }
        },
        idle: { on: { PLAY: "playing.resume" } },
        stopped: { type: "final" }
      }
    })
  )

  it("draws final and history states as their kinds", () => {
    expect(nodeById(graph, "stopped").kind).toBe("final")
    expect(nodeById(graph, "playing.resume")).toMatchObject({ kind: "history", label: "H*" })
  })

  it("labels a delayed transition with its delay and keeps a re-entering self-transition as an edge", () => {
    expect(graph.edges.map((edge) => [drawn(edge), edge.reenter])).toEqual([
      ["playing --STOP--> stopped", false],
      ["playing --after 30000ms--> idle", false],
      ["playing.track --NEXT--> playing.track", true],
      ["idle --PLAY--> playing.resume", false]
    ])
  })
})
