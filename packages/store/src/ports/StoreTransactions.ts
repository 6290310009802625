import { Context, type Effect } from "effect"
import type { StoreError } from "../StoreError.ts"

/**
 * All or nothing: a mutation that writes several records (a user, a token and an email; a new
 * password and the revocation of the other sessions) commits them together or not at all, so a
 * crash between two writes cannot leave a half-done state for anyone to observe.
 */
export class StoreTransactions extends Context.Service<
  StoreTransactions,
  {
    /**
     * Runs `effect` so that every write it makes through this store's ports commits together,
     * or none does: a failure, a defect or an interruption of `effect` rolls it all back. Reads
     * inside it see its own writes; other fibers never see them before the commit. A call inside
     * a transaction joins it.
     */
    transact<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R>
  }
>()("@verity/store/StoreTransactions") {}
