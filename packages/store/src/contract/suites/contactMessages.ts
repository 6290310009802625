import { describe, expect } from "@effect/vitest"
import { Effect, Option } from "effect"
import { ContactMessages } from "../../ports/ContactMessages.ts"
import { createUsers, newContactMessage } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const contactMessagesSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("ContactMessages", () => {
    storeTest(
      "creates a contact message, found by id",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const contactMessages = yield* ContactMessages
        const message = newContactMessage("m1", "u1")
        yield* contactMessages.create(message)
        expect(yield* contactMessages.findById("m1")).toEqual(Option.some(message))
        expect(yield* contactMessages.findById("unknown")).toEqual(Option.none())
      })
    )

    storeTest(
      "recent answers the newest messages first, up to the limit",
      Effect.gen(function* () {
        yield* createUsers("u1")
        const contactMessages = yield* ContactMessages
        const messages = ["m1", "m2", "m3"].map((id, index) => ({
          ...newContactMessage(id, "u1"),
          createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, index)).toISOString()
        }))
        for (const message of messages) yield* contactMessages.create(message)
        expect(yield* contactMessages.recent(2)).toEqual([messages[2], messages[1]])
      })
    )
  })
}
