import { Context, type Effect } from "effect"
import type { StoreError } from "../StoreError.ts"

export class StoreHealth extends Context.Service<
  StoreHealth,
  {
    /** Succeeds while the store can take a write (GET /readyz); a full or read-only disk fails it. */
    readonly ping: Effect.Effect<void, StoreError>
  }
>()("@verity/store/StoreHealth") {}
