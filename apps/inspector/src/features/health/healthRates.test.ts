import { describe, expect, it } from "vitest"
import { keepWindow, perMinute } from "./healthRates.ts"

describe("health rates", () => {
  it("turn counter totals into growth per minute over the last minute", () => {
    let samples = keepWindow([], { atMs: 0, rebuilds: 10, evictions: 0 })
    expect(perMinute(samples, "rebuilds")).toBeNull()
    samples = keepWindow(samples, { atMs: 30_000, rebuilds: 13, evictions: 2 })
    expect(perMinute(samples, "rebuilds")).toBe(6)
    expect(perMinute(samples, "evictions")).toBe(4)
    samples = keepWindow(samples, { atMs: 90_000, rebuilds: 13, evictions: 2 })
    expect(samples.map((sample) => sample.atMs)).toEqual([30_000, 90_000])
    expect(perMinute(samples, "rebuilds")).toBe(0)
  })
})
