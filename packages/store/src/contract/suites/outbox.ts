import { describe, expect } from "@effect/vitest"
import { Effect } from "effect"
import { Outbox } from "../../ports/Outbox.ts"
import { at, keptMail, newMail } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const outboxSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("Outbox", () => {
    storeTest(
      "enqueue stores the mail with a new id, due at once, not yet attempted",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const first = yield* outbox.enqueue(newMail("a"), at(1), "request-1")
        const second = yield* outbox.enqueue(newMail("b"), at(1))
        expect(first).toEqual({
          id: first.id,
          mail: newMail("a"),
          createdAt: at(1),
          attempts: 0,
          nextAttemptAt: at(1),
          sentAt: null,
          failedAt: null,
          lastError: null,
          requestId: "request-1"
        })
        expect(first.id).not.toBe("")
        expect(second.id).not.toBe(first.id)
        expect(yield* outbox.due(at(1), 10)).toEqual([first, second])
      })
    )

    storeTest(
      "due answers only the messages due at `now`, oldest first, up to the limit",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        const b = yield* outbox.enqueue(newMail("b"), at(2))
        const c = yield* outbox.enqueue(newMail("c"), at(5))
        expect(yield* outbox.due(at(0), 10)).toEqual([])
        expect(yield* outbox.due(at(3), 10)).toEqual([a, b])
        expect(yield* outbox.due(at(5), 10)).toEqual([a, b, c])
        expect(yield* outbox.due(at(5), 2)).toEqual([a, b])
      })
    )

    storeTest(
      "backlog counts the messages still to send, and since when the oldest waits",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        expect(yield* outbox.backlog).toEqual({ count: 0, oldestCreatedAt: null })
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        const b = yield* outbox.enqueue(newMail("b"), at(2))
        yield* outbox.enqueue(newMail("c"), at(3))
        expect(yield* outbox.backlog).toEqual({ count: 3, oldestCreatedAt: at(1) })
        yield* outbox.markSent(a.id, at(4), newMail("a"))
        yield* outbox.markFailed(b.id, "rejected", null, at(4), newMail("b"))
        expect(yield* outbox.backlog).toEqual({ count: 1, oldestCreatedAt: at(3) })
      })
    )

    storeTest(
      "a sent message is no longer due, and only what was kept of it remains",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        const b = yield* outbox.enqueue(newMail("b"), at(1))
        yield* outbox.markSent(a.id, at(2), keptMail("a"))
        expect(yield* outbox.due(at(3), 10)).toEqual([b])
        const [sent] = (yield* outbox.recent(10)).filter((message) => message.id === a.id)
        expect(sent).toEqual({ ...a, mail: keptMail("a"), attempts: 1, sentAt: at(2) })
      })
    )

    storeTest(
      "a late second report of the same delivery changes nothing",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        yield* outbox.markSent(a.id, at(2), keptMail("a"))
        yield* outbox.markSent(a.id, at(3), newMail("a"))
        yield* outbox.markFailed(a.id, "421 try later", null, at(4), newMail("a"))
        expect(yield* outbox.recent(1)).toEqual([{ ...a, mail: keptMail("a"), attempts: 1, sentAt: at(2) }])
      })
    )

    storeTest(
      "a failed message with a retry time is due again from that time, with the attempt and error kept",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        yield* outbox.markFailed(a.id, "421 try later", at(10), at(2), keptMail("a"))
        expect(yield* outbox.due(at(9), 10)).toEqual([])
        expect(yield* outbox.due(at(10), 10)).toEqual([
          { ...a, attempts: 1, nextAttemptAt: at(10), lastError: "421 try later" }
        ])
      })
    )

    storeTest(
      "a message given up on is never due again, and only what was kept of it remains",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        yield* outbox.markFailed(a.id, "550 no such user", null, at(2), keptMail("a"))
        expect(yield* outbox.due(at(60 * 24 * 365), 10)).toEqual([])
        const [failed] = yield* outbox.recent(1)
        expect(failed).toEqual({
          ...a,
          mail: keptMail("a"),
          attempts: 1,
          failedAt: at(2),
          lastError: "550 no such user"
        })
      })
    )

    storeTest(
      "recent answers the newest messages first, up to the limit",
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const a = yield* outbox.enqueue(newMail("a"), at(1))
        const b = yield* outbox.enqueue(newMail("b"), at(2))
        const c = yield* outbox.enqueue(newMail("c"), at(3))
        expect(yield* outbox.recent(10)).toEqual([c, b, a])
        expect(yield* outbox.recent(2)).toEqual([c, b])
      })
    )
  })
}
