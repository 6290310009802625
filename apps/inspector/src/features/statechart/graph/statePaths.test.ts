import { sessionMachine } from "@verity/session-machine"
import { describe, expect, it } from "vitest"
import { createActor } from "xstate"
import { activeNodeIds } from "./activeConfiguration.ts"
import { deriveStatechartGraph } from "./deriveStatechartGraph.ts"
import { statePaths } from "./statePaths.ts"

describe("statePaths", () => {
  it("gives one path per parallel region, and a final state as itself", () => {
    expect(statePaths({ active: { email: "verified", freshness: "current" } })).toEqual([
      "active.email.verified",
      "active.freshness.current"
    ])
    expect(statePaths("revoked")).toEqual(["revoked"])
  })

  it("names states the chart drawn from the machine knows", () => {
    const graph = deriveStatechartGraph(sessionMachine)
    const paths = statePaths(createActor(sessionMachine, { input: sampleInput() }).getSnapshot().value)
    const known = activeNodeIds(graph, paths)
    for (const path of paths) expect(known.has(path), path).toBe(true)
  })
})

const sampleInput = () => {
  const at = "2026-01-01T00:00:00.000Z"
  return {
    user: { id: "u1", email: "a@example.com", emailConfirmed: false, status: "active" as const, createdAt: at },
    userVersion: 1,
    session: {
      id: "s1",
      createdAt: at,
      lastSeenAt: at,
      expiresAt: "2026-02-01T00:00:00.000Z",
      userAgent: null,
      ip: null
    },
    idleTimeoutMs: 60_000
  }
}
