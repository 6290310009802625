import { Context, type Effect } from "effect"
import type { StoreError } from "../StoreError.ts"

export class StoreHealth extends Context.Service<
  StoreHealth,
  {
    /** Succeeds while the store answers (GET /readyz). */
    readonly ping: Effect.Effect<void, StoreError>
  }
>()("@verity/store/StoreHealth") {}
