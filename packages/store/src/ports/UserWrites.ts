import type { EmailTaken, UserStatus } from "@verity/domain"
import { Context, type Effect, type Option } from "effect"
import type { NewUserRecord, UserChangeStamp, UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/** The fields a change may set, besides the address (which has its own operation). */
export type UserFieldPatch = {
  readonly emailConfirmed?: boolean
  readonly passwordHash?: string
  readonly status?: UserStatus
}

/**
 * Every write of a user. Each change bumps `version` by exactly one and stamps `lastChange`,
 * atomically with its conditions, so live sessions can order changes and other instances learn
 * why a user changed. A change that confirms an address also sets `everConfirmed`, for good.
 *
 * Only the API's UserChanges service (packages/api/src/users/UserChanges.ts) uses this port: it
 * is the one path by which a user changes, and it moves the user's live sessions before it
 * answers. A flow that wrote here directly would leave those sessions stale.
 */
export class UserWrites extends Context.Service<
  UserWrites,
  {
    /** Fails with EmailTaken when the address belongs to another user. Version 1, no stamp. */
    create(user: NewUserRecord): Effect.Effect<UserRecord, EmailTaken | StoreError>
    /**
     * Applies the patch. None when the user does not exist, or `ifEmail` is given and is no longer
     * the user's address (nothing is written then).
     */
    update(
      id: string,
      patch: UserFieldPatch,
      options: { readonly stamp: UserChangeStamp; readonly ifEmail?: string }
    ): Effect.Effect<Option.Option<UserRecord>, StoreError>
    /**
     * Moves the user from `from` to `to` with the given confirmation. None when the user's address
     * is no longer `from`; EmailTaken when `to` belongs to another user (nothing is written then).
     */
    changeEmail(
      id: string,
      change: { readonly from: string; readonly to: string; readonly confirmed: boolean },
      stamp: UserChangeStamp
    ): Effect.Effect<Option.Option<UserRecord>, EmailTaken | StoreError>
    /**
     * Deletes an account that never proved an address (`everConfirmed` false) and still has
     * `email`, with its sessions and one-time tokens, so the address is free again; answers the
     * user as it was. None when it does not qualify (nothing is deleted then). Revoke its
     * sessions first (`Sessions.revokeAllOfUser`), in the same transaction, so other instances
     * hear that they ended.
     */
    deleteUnconfirmed(id: string, email: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
  }
>()("@verity/store/UserWrites") {}
