import { Effect } from "effect"
import { StoreError } from "../StoreError.ts"

/** Runs one driver call, turning whatever it rejects with into a typed StoreError. */
export const mongoOperation = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, StoreError> =>
  Effect.tryPromise({ try: run, catch: (cause) => new StoreError({ operation, cause }) })
