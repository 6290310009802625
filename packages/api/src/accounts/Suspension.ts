import { normalizeEmail, ValidationFailed } from "@verity/domain"
import { Sessions, type StoreError, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { UserChanges } from "../users/UserChanges.ts"

const changedMeanwhile = () => new ValidationFailed({ message: "The account changed meanwhile; try again." })

/** Operators suspend an account: every session ends at once and sign-in is refused until lifted. */
export class Suspension extends Context.Service<
  Suspension,
  {
    /** The suspension and the end of every session commit together. */
    suspend(email: string): Effect.Effect<{ revokedSessions: number }, ValidationFailed | StoreError>
    unsuspend(email: string): Effect.Effect<void, ValidationFailed | StoreError>
  }
>()("@verity/api/accounts/Suspension") {
  static readonly layer = Layer.effect(
    Suspension,
    Effect.gen(function* () {
      const users = yield* Users
      const sessions = yield* Sessions
      const userChanges = yield* UserChanges

      const findAccount = (email: string) =>
        Effect.flatMap(users.findByEmail(normalizeEmail(email)), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new ValidationFailed({ message: `No account has the address ${email}.` })),
            onSome: Effect.succeed
          })
        )

      const suspend = Effect.fn("Suspension.suspend")(function* (email: string) {
        const user = yield* findAccount(email)
        const committed = yield* userChanges.commit("suspended", (writes, stamp) =>
          Effect.gen(function* () {
            const updated = yield* writes.update(user.id, { status: "suspended" }, { stamp })
            if (Option.isNone(updated)) return yield* changedMeanwhile()
            const ended = yield* sessions.revokeAllOfUser(user.id, "suspended", stamp.at)
            return { user: updated.value, endedSessions: { ids: ended, reason: "suspended" as const } }
          })
        )
        return { revokedSessions: committed.endedSessions?.ids.length ?? 0 }
      })

      const unsuspend = Effect.fn("Suspension.unsuspend")(function* (email: string) {
        const user = yield* findAccount(email)
        yield* userChanges.commit("unsuspended", (writes, stamp) =>
          Effect.gen(function* () {
            const updated = yield* writes.update(user.id, { status: "active" }, { stamp })
            if (Option.isNone(updated)) return yield* changedMeanwhile()
            return { user: updated.value }
          })
        )
      })

      return Suspension.of({ suspend, unsuspend })
    })
  )
}
