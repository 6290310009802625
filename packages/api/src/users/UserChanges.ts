import type { EmailTaken, RevokeReason, UserChangeCause } from "@verity/domain"
import {
  type NewUserRecord,
  type StoreError,
  StoreTransactions,
  type UserChangeStamp,
  type UserRecord,
  UserWrites
} from "@verity/store"
import { Clock, Context, Effect, Layer } from "effect"
import { reachFailPoint } from "../faults/FailPoints.ts"
import { publicUser } from "../sessions/sessionRecords.ts"
import { SessionManager } from "../sessions/SessionManager.ts"

/** What a committed change did, for the live sessions to hear of it. */
export type CommittedUserChange = {
  readonly user: UserRecord
  /** The sessions the change ended in the store (password changed, reset, suspension), and why. */
  readonly endedSessions?: { readonly ids: ReadonlyArray<string>; readonly reason: RevokeReason }
}

/**
 * The one path by which a user changes (where a user change enters): it commits the write and,
 * in the same call, moves every live session of that user on this instance before it answers,
 * so the next `whoami` of any of them reflects the change. Other instances hear it through the
 * store's change feed (sessions/feed/ChangeFeedRelay.ts).
 *
 * Flows never hold the store's `UserWrites` port themselves: they get it here, inside a
 * transaction, so a flow cannot write a user without its sessions hearing of it, and whatever
 * it writes alongside (a token, an email, the revocation of other sessions) commits with it.
 */
export class UserChanges extends Context.Service<
  UserChanges,
  {
    /**
     * Creates an account; `alongside` (the verification token and email) commits with it. A new
     * user has no session yet, so there is no one to tell.
     */
    create<A, E>(
      user: NewUserRecord,
      alongside: (created: UserRecord) => Effect.Effect<A, E>
    ): Effect.Effect<UserRecord, EmailTaken | E | StoreError>
    /**
     * Runs `write` in one store transaction with the only handle on user writes and a stamp
     * naming `cause`; a failure of `write` commits nothing. Once committed, every live session of
     * the user has moved to it (and those it ended have ended) before this answers what it did.
     */
    commit<E>(
      cause: UserChangeCause,
      write: (writes: UserWrites["Service"], stamp: UserChangeStamp) => Effect.Effect<CommittedUserChange, E>
    ): Effect.Effect<CommittedUserChange, E | StoreError>
  }
>()("@verity/api/users/UserChanges") {
  static readonly layer = Layer.effect(
    UserChanges,
    Effect.gen(function* () {
      const writes = yield* UserWrites
      const transactions = yield* StoreTransactions
      const sessionManager = yield* SessionManager

      const create = Effect.fn("UserChanges.create")(function* <A, E>(
        user: NewUserRecord,
        alongside: (created: UserRecord) => Effect.Effect<A, E>
      ) {
        return yield* transactions.transact(
          Effect.tap(writes.create(user), (created) =>
            Effect.andThen(reachFailPoint("signUp.afterUserWrite"), alongside(created))
          )
        )
      })

      const commit = Effect.fn("UserChanges.commit")(function* <E>(
        cause: UserChangeCause,
        write: (writes: UserWrites["Service"], stamp: UserChangeStamp) => Effect.Effect<CommittedUserChange, E>
      ) {
        const stamp: UserChangeStamp = { cause, at: new Date(yield* Clock.currentTimeMillis).toISOString() }
        const committed = yield* transactions.transact(write(writes, stamp))
        const { user, endedSessions } = committed
        yield* sessionManager.dispatch({ user: publicUser(user), version: user.version, cause, committedAt: stamp.at })
        if (endedSessions !== undefined) yield* sessionManager.applyRevocations(endedSessions.ids, endedSessions.reason)
        return committed
      })

      return UserChanges.of({ create, commit })
    })
  )
}
