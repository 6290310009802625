import { describe, expect } from "@effect/vitest"
import { Effect } from "effect"
import { SessionTrail } from "../../ports/SessionTrail.ts"
import type { SessionTrailRecord } from "../../records.ts"
import { StoreError } from "../../StoreError.ts"
import { at, dispatchRecord, trailRecord } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

const keep = { keepPerSessionAndKind: 100 }

const ids = (records: ReadonlyArray<SessionTrailRecord>) => records.map((record) => record.id)

export const sessionTrailSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("SessionTrail", () => {
    storeTest(
      "a session's records come back as written, in the order they happened (time, then seq), oldest first",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        const started = trailRecord("r1", "started", { sessionId: "s1", minutes: 1 })
        const sameMinuteFirst = trailRecord("r2", "touched", { sessionId: "s1", minutes: 2, seq: 1 })
        const sameMinuteSecond = trailRecord("r3", "stepped", { sessionId: "s1", minutes: 2, seq: 2 })
        const evicted = trailRecord("r4", "evicted", { sessionId: "s1", minutes: 3 })
        yield* trail.append([sameMinuteSecond, started], keep)
        yield* trail.append(
          [evicted, sameMinuteFirst, trailRecord("r5", "started", { sessionId: "s2", minutes: 1 })],
          keep
        )
        expect(yield* trail.ofSession("s1", 10)).toEqual([started, sameMinuteFirst, sameMinuteSecond, evicted])
        expect(ids(yield* trail.ofSession("s1", 2))).toEqual(["r3", "r4"])
        expect(yield* trail.ofSession("nobody", 10)).toEqual([])
      })
    )

    storeTest(
      "append is all or nothing: a batch that cannot be stored whole stores none of it",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        yield* trail.append([trailRecord("r1", "started", { sessionId: "s1", minutes: 1 })], keep)
        const failure = yield* Effect.flip(
          trail.append(
            [
              trailRecord("r2", "touched", { sessionId: "s1", minutes: 2 }),
              trailRecord("r1", "stepped", { sessionId: "s1", minutes: 3 })
            ],
            keep
          )
        )
        expect(failure).toBeInstanceOf(StoreError)
        expect(ids(yield* trail.ofSession("s1", 10))).toEqual(["r1"])
      })
    )

    storeTest(
      "keeps at most the newest records of each kind for each session, and leaves other sessions and kinds alone",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        const touches = Array.from({ length: 5 }, (_, index) =>
          trailRecord(`t${index}`, "touched", { sessionId: "s1", minutes: 10 + index })
        )
        const started = trailRecord("start", "started", { sessionId: "s1", minutes: 1 })
        const other = trailRecord("other", "touched", { sessionId: "s2", minutes: 1 })
        const dispatches = [1, 2, 3, 4].map((version) => dispatchRecord(`d${version}`, { minutes: version, version }))
        yield* trail.append([started, other, ...dispatches, ...touches.slice(0, 2)], { keepPerSessionAndKind: 3 })
        yield* trail.append(touches.slice(2), { keepPerSessionAndKind: 3 })
        expect(ids(yield* trail.ofSession("s1", 10))).toEqual(["start", "t2", "t3", "t4"])
        expect(ids(yield* trail.ofSession("s2", 10))).toEqual(["other"])
        expect(yield* trail.dispatchesOf("u1", 1)).toEqual([dispatches[0]])
      })
    )

    storeTest(
      "ofUser answers the user's records newest first, dispatches included, by time and kind when asked",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        const first = trailRecord("r1", "started", { sessionId: "s1", minutes: 1 })
        const second = trailRecord("r2", "started", { sessionId: "s2", minutes: 2 })
        const dispatch = dispatchRecord("d1", { minutes: 3, version: 2 })
        const touch = trailRecord("r3", "touched", { sessionId: "s1", minutes: 4 })
        const elsewhere = trailRecord("x1", "started", { sessionId: "s9", userId: "u2", minutes: 2 })
        yield* trail.append([touch, first, elsewhere, dispatch, second], keep)
        expect(yield* trail.ofUser("u1", { limit: 10 })).toEqual([touch, dispatch, second, first])
        expect(ids(yield* trail.ofUser("u1", { limit: 2 }))).toEqual(["r3", "d1"])
        expect(ids(yield* trail.ofUser("u1", { limit: 10, since: at(2) }))).toEqual(["r3", "d1", "r2"])
        expect(ids(yield* trail.ofUser("u1", { limit: 10, kinds: ["started", "dispatched"] }))).toEqual([
          "d1",
          "r2",
          "r1"
        ])
        expect(yield* trail.ofUser("nobody", { limit: 10 })).toEqual([])
      })
    )

    storeTest(
      "latestOfSessions answers each session's newest record, or its newest before a time",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        const records = [
          trailRecord("a1", "started", { sessionId: "s1", minutes: 1 }),
          trailRecord("a2", "stepped", { sessionId: "s1", minutes: 5 }),
          trailRecord("b1", "started", { sessionId: "s2", minutes: 2 }),
          trailRecord("b2", "evicted", { sessionId: "s2", minutes: 3 }),
          trailRecord("c1", "started", { sessionId: "s3", minutes: 9 })
        ]
        yield* trail.append(records, keep)
        expect(ids(yield* trail.latestOfSessions(["s1", "s2", "nobody"]))).toEqual(["b2", "a2"])
        expect(ids(yield* trail.latestOfSessions(["s1", "s2", "s3"], { before: at(3) }))).toEqual(["a1", "b1"])
        expect(yield* trail.latestOfSessions([])).toEqual([])
      })
    )

    storeTest(
      "dispatchesOf answers one change's dispatches on every instance, oldest first",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        const onB = dispatchRecord("d2", { minutes: 2, version: 5, instanceId: "instance-b" })
        const onA = dispatchRecord("d1", { minutes: 1, version: 5 })
        yield* trail.append([onB, dispatchRecord("d3", { minutes: 3, version: 6 }), onA], keep)
        yield* trail.append([dispatchRecord("d4", { userId: "u2", minutes: 1, version: 5 })], keep)
        expect(yield* trail.dispatchesOf("u1", 5)).toEqual([onA, onB])
        expect(yield* trail.dispatchesOf("u1", 7)).toEqual([])
      })
    )

    storeTest(
      "expire deletes the records past their retention and answers how many",
      Effect.gen(function* () {
        const trail = yield* SessionTrail
        const old = { ...trailRecord("old", "started", { sessionId: "s1", minutes: 1 }), expiresAt: at(10) }
        const due = { ...trailRecord("due", "touched", { sessionId: "s1", minutes: 2 }), expiresAt: at(20) }
        const kept = { ...trailRecord("kept", "stepped", { sessionId: "s1", minutes: 3 }), expiresAt: at(21) }
        const oldDispatch = { ...dispatchRecord("d1", { minutes: 1, version: 2 }), expiresAt: at(5) }
        yield* trail.append([old, due, kept, oldDispatch], keep)
        expect(yield* trail.expire(at(20))).toBe(3)
        expect(yield* trail.ofSession("s1", 10)).toEqual([kept])
        expect(yield* trail.dispatchesOf("u1", 2)).toEqual([])
        expect(yield* trail.expire(at(20))).toBe(0)
      })
    )
  })
}
