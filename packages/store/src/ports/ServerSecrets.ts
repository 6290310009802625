import { Context, type Effect } from "effect"
import type { StoreError } from "../StoreError.ts"

/**
 * Keys the server keeps for itself, such as the one that signs device cookies. Each is made (32
 * random bytes) the first time any instance asks for it and kept in the store, so it survives
 * restarts and every instance sharing the store uses the same key: a cookie one instance signed
 * is recognised by all. No configuration to set, and none to leak.
 */
export class ServerSecrets extends Context.Service<
  ServerSecrets,
  {
    /** The key named `name`; when two instances make it at once, both answer the one stored. */
    obtain(name: string): Effect.Effect<Uint8Array, StoreError>
  }
>()("@verity/store/ServerSecrets") {}
