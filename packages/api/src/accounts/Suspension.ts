import { normalizeEmail, ValidationFailed } from "@verity/domain"
import { type StoreError, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { SessionManager } from "../sessions/SessionManager.ts"
import { publishUserChange } from "./publishUserChange.ts"

/** Operators suspend an account: every session ends at once and sign-in is refused until lifted. */
export class Suspension extends Context.Service<
  Suspension,
  {
    suspend(email: string): Effect.Effect<{ revokedSessions: number }, ValidationFailed | StoreError>
    unsuspend(email: string): Effect.Effect<void, ValidationFailed | StoreError>
  }
>()("@verity/api/accounts/Suspension") {
  static readonly layer = Layer.effect(
    Suspension,
    Effect.gen(function* () {
      const users = yield* Users
      const sessionManager = yield* SessionManager

      const setStatus = (email: string, status: "active" | "suspended") =>
        Effect.gen(function* () {
          const user = Option.getOrUndefined(yield* users.findByEmail(normalizeEmail(email)))
          if (user === undefined)
            return yield* new ValidationFailed({ message: `No account has the address ${email}.` })
          const updated = yield* users
            .update(user.id, { status })
            .pipe(Effect.catchTag("EmailTaken", () => Effect.succeed(Option.none())))
          if (Option.isNone(updated))
            return yield* new ValidationFailed({ message: "The account changed meanwhile; try again." })
          yield* publishUserChange(sessionManager, updated.value, status === "suspended" ? "suspended" : "unsuspended")
          return updated.value
        })

      return Suspension.of({
        suspend: (email) =>
          Effect.gen(function* () {
            const user = yield* setStatus(email, "suspended")
            return { revokedSessions: yield* sessionManager.revokeAllOfUser(user.id, "suspended") }
          }),
        unsuspend: (email) => Effect.asVoid(setStatus(email, "active"))
      })
    })
  )
}
