import { Effect } from "effect"
import { StoreError } from "../StoreError.ts"

/** Runs one synchronous SQLite call, turning whatever it throws into a typed StoreError. */
export const storeOperation = <A>(operation: string, run: () => A): Effect.Effect<A, StoreError> =>
  Effect.try({ try: run, catch: (cause) => new StoreError({ operation, cause }) })
