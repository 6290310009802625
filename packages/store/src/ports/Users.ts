import { Context, type Effect, type Option } from "effect"
import type { UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/** Reading users. Writing them is `UserWrites`, which only the API's UserChanges service uses. */
export class Users extends Context.Service<
  Users,
  {
    findById(id: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
    /** By the canonical address (see `normalizeEmail` in @verity/domain). */
    findByEmail(email: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
  }
>()("@verity/store/Users") {}
