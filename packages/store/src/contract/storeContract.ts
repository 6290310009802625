import { describe, it } from "@effect/vitest"
import { Effect, type Layer, type Scope } from "effect"
import type { StorePorts } from "../StorePorts.ts"
import { contactMessagesSuite } from "./suites/contactMessages.ts"
import { durabilitySuite } from "./suites/durability.ts"
import { inspectorAccessSuite } from "./suites/inspectorAccess.ts"
import { oneTimeTokensSuite } from "./suites/oneTimeTokens.ts"
import { outboxSuite } from "./suites/outbox.ts"
import { rateLimitsSuite } from "./suites/rateLimits.ts"
import { serverSecretsSuite } from "./suites/serverSecrets.ts"
import { sessionsSuite } from "./suites/sessions.ts"
import { sessionTrailSuite } from "./suites/sessionTrail.ts"
import { storeHealthSuite } from "./suites/storeHealth.ts"
import { transactionsSuite } from "./suites/transactions.ts"
import { usersSuite } from "./suites/users.ts"

/** One test's store, empty when made. */
export type StoreUnderTest = {
  /**
   * A layer over this store: building it opens the store, closing its scope closes it. Called
   * again once the previous layer is closed, it reopens the same data.
   */
  readonly open: () => Layer.Layer<StorePorts, unknown>
  /** Deletes the store's data (a temporary folder, a database). */
  readonly remove: () => Promise<void>
}

/** What each suite gets from the entry to write its tests with. */
export type StoreContractHarness = {
  /**
   * Declares a test that runs as an Effect against the ports of a new, empty store, removed
   * afterwards. Tests run with the live clock: stores do real I/O, and the rate limiter reads
   * the time itself.
   */
  readonly storeTest: (name: string, test: Effect.Effect<void, unknown, StorePorts | Scope.Scope>) => void
  /** A new, empty store, removed when the test ends; for tests that close and reopen it. */
  readonly freshStore: Effect.Effect<StoreUnderTest, never, Scope.Scope>
}

/**
 * The behaviour the API relies on, which every adapter must show, one suite per port (the shape
 * of Better Auth's adapter test suites). `makeStore` is called once per test and must answer a
 * new, empty store each time.
 */
export const storeContractSuite = (adapterName: string, makeStore: () => Promise<StoreUnderTest>): void => {
  describe(`store contract: ${adapterName}`, () => {
    const freshStore = Effect.acquireRelease(
      Effect.promise(() => makeStore()),
      (store) => Effect.promise(() => store.remove())
    )
    const harness: StoreContractHarness = {
      storeTest: (name, test) =>
        it.live(name, () => Effect.flatMap(freshStore, (store) => Effect.provide(test, store.open()))),
      freshStore
    }

    usersSuite(harness)
    sessionsSuite(harness)
    oneTimeTokensSuite(harness)
    outboxSuite(harness)
    contactMessagesSuite(harness)
    storeHealthSuite(harness)
    rateLimitsSuite(harness)
    sessionTrailSuite(harness)
    inspectorAccessSuite(harness)
    serverSecretsSuite(harness)
    transactionsSuite(harness)
    durabilitySuite(harness)
  })
}
