import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { ServerSecrets } from "../../ports/ServerSecrets.ts"
import type { StoreContractHarness } from "../storeContract.ts"

export const serverSecretsSuite = ({ storeTest, freshStore }: StoreContractHarness): void => {
  describe("ServerSecrets", () => {
    storeTest(
      "makes a 32-byte key on first use and answers the same one after, however many ask at once",
      Effect.gen(function* () {
        const secrets = yield* ServerSecrets
        const concurrent = yield* Effect.all(
          Array.from({ length: 10 }, () => secrets.obtain("device cookies")),
          { concurrency: "unbounded" }
        )
        expect(concurrent[0]).toHaveLength(32)
        for (const key of concurrent) expect(key).toEqual(concurrent[0])
        expect(yield* secrets.obtain("device cookies")).toEqual(concurrent[0])
        const other = yield* secrets.obtain("another purpose")
        expect(other).toHaveLength(32)
        expect(other).not.toEqual(concurrent[0])
      })
    )

    it.live("keeps the key across a close and reopen", () =>
      Effect.gen(function* () {
        const store = yield* freshStore
        const obtain = ServerSecrets.use((secrets) => secrets.obtain("device cookies"))
        const before = yield* obtain.pipe(Effect.provide(store.open()))
        expect(yield* obtain.pipe(Effect.provide(store.open()))).toEqual(before)
      })
    )
  })
}
