import { describe } from "@effect/vitest"
import { Effect } from "effect"
import { StoreHealth } from "../../ports/StoreHealth.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const storeHealthSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("StoreHealth", () => {
    storeTest(
      "ping succeeds while the store is open",
      Effect.gen(function* () {
        const health = yield* StoreHealth
        yield* health.ping
      })
    )
  })
}
