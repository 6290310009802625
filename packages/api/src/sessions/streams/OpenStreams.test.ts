import { describe, expect, it } from "vitest"
import { makeOpenStreams } from "./OpenStreams.ts"

/** Opens streams named by label; answers which were superseded, in order, and how to close one. */
const harness = (caps: { perSession: number; perUser: number }) => {
  const streams = makeOpenStreams(caps)
  const ended: Array<string> = []
  const closers = new Map<string, () => void>()
  return {
    ended,
    open: (label: string, sessionId: string, userId: string) =>
      closers.set(
        label,
        streams.open(sessionId, userId, () => ended.push(label))
      ),
    close: (label: string) => closers.get(label)!()
  }
}

describe("OpenStreams", () => {
  it("ends the oldest stream of a session past its cap, and only that one", () => {
    const streams = harness({ perSession: 2, perUser: 10 })
    streams.open("a1", "a", "ann")
    streams.open("a2", "a", "ann")
    streams.open("b1", "b", "bob")
    expect(streams.ended).toEqual([])
    streams.open("a3", "a", "ann")
    expect(streams.ended).toEqual(["a1"])
    streams.open("a4", "a", "ann")
    expect(streams.ended).toEqual(["a1", "a2"])
  })

  it("ends the oldest stream of a user past its cap, whichever session it belongs to", () => {
    const streams = harness({ perSession: 5, perUser: 3 })
    streams.open("a1", "a", "ann")
    streams.open("b1", "b", "ann")
    streams.open("c1", "c", "ann")
    streams.open("other", "d", "bob")
    streams.open("b2", "b", "ann")
    expect(streams.ended).toEqual(["a1"])
  })

  it("a closed stream no longer counts, and is never ended later", () => {
    const streams = harness({ perSession: 2, perUser: 10 })
    streams.open("a1", "a", "ann")
    streams.open("a2", "a", "ann")
    streams.close("a1")
    streams.open("a3", "a", "ann")
    expect(streams.ended).toEqual([])
    streams.open("a4", "a", "ann")
    expect(streams.ended).toEqual(["a2"])
    streams.close("a2")
    streams.open("a5", "a", "ann")
    expect(streams.ended).toEqual(["a2", "a3"])
  })
})
