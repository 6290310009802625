import { Context, type Effect, type Option } from "effect"
import type { UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/** A user as the walk over every address sees it. */
export type UserAddress = { readonly id: string; readonly email: string }

/** Reading users. Writing them is `UserWrites`, which only the API's UserChanges service uses. */
export class Users extends Context.Service<
  Users,
  {
    findById(id: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
    /** By the canonical address (see `normalizeEmail` in @verity/domain). */
    findByEmail(email: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
    /**
     * Users' ids and addresses, at most `limit`, in id order after `afterId` (null: from the
     * first): a page of a walk over every account, such as the start-up check of addresses
     * stored in a spelling that an earlier build allowed.
     */
    addressesAfter(afterId: string | null, limit: number): Effect.Effect<ReadonlyArray<UserAddress>, StoreError>
  }
>()("@verity/store/Users") {}
