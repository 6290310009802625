import type { EmailTaken, UserStatus } from "@verity/domain"
import { Context, type Effect, type Option } from "effect"
import type { UserRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

export type UserPatch = {
  readonly email?: string
  readonly emailConfirmed?: boolean
  readonly passwordHash?: string
  readonly status?: UserStatus
}

/** Conditions an update must meet, checked atomically with the write. */
export type UserUpdateCondition = {
  readonly email?: string
  readonly version?: number
}

export class Users extends Context.Service<
  Users,
  {
    /** Fails with EmailTaken when the (normalised) address belongs to another user. */
    create(user: Omit<UserRecord, "version">): Effect.Effect<UserRecord, EmailTaken | StoreError>
    findById(id: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
    findByEmail(email: string): Effect.Effect<Option.Option<UserRecord>, StoreError>
    /**
     * Applies the patch and bumps `version` by one, atomically. None when the user does not exist
     * or a condition does not hold (nothing is written then).
     */
    update(
      id: string,
      patch: UserPatch,
      condition?: UserUpdateCondition
    ): Effect.Effect<Option.Option<UserRecord>, EmailTaken | StoreError>
  }
>()("@verity/store/Users") {}
