import {
  type EmailTaken,
  InvalidCredentials,
  normalizeEmail,
  passwordWeakness,
  type RateLimited,
  ValidationFailed,
  WeakPassword
} from "@verity/domain"
import { emailChangedNotice, passwordChangedNotice } from "@verity/mailer"
import { OneTimeTokens, type StoreError, type UserRecord, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { MailDelivery } from "../mail/MailDelivery.ts"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import type { LiveSession } from "../sessions/LiveSession.ts"
import { SessionManager } from "../sessions/SessionManager.ts"
import { nowIso } from "../time/now.ts"
import { EmailVerification } from "./EmailVerification.ts"
import { publishUserChange } from "./publishUserChange.ts"

/** Changes a signed-in user makes to their own account; each re-checks the password first. */
export class AccountSettings extends Context.Service<
  AccountSettings,
  {
    /** Every live session shows the new, unconfirmed address before this answers. */
    changeEmail(
      session: LiveSession,
      request: { readonly newEmail: string; readonly password: string }
    ): Effect.Effect<void, InvalidCredentials | EmailTaken | ValidationFailed | RateLimited | StoreError>
    /** Every other session of the user is revoked before this answers; answers how many. */
    changePassword(
      session: LiveSession,
      request: { readonly currentPassword: string; readonly newPassword: string }
    ): Effect.Effect<{ revokedSessions: number }, InvalidCredentials | WeakPassword | RateLimited | StoreError>
  }
>()("@verity/api/accounts/AccountSettings") {
  static readonly layer = Layer.effect(
    AccountSettings,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const tokens = yield* OneTimeTokens
      const hasher = yield* PasswordHasher
      const limiter = yield* RateLimiter
      const sessionManager = yield* SessionManager
      const verification = yield* EmailVerification
      const mail = yield* MailDelivery

      /** The password re-check counts against the same failure limit as sign-in. */
      const recheckPassword = (session: LiveSession, password: string) =>
        Effect.gen(function* () {
          yield* limiter.check("signInFailuresByAccount", session.snapshot.context.user.email)
          const user = Option.getOrUndefined(yield* users.findById(session.userId))
          if (user === undefined) return yield* new InvalidCredentials()
          if (!(yield* hasher.verify(user.passwordHash, password))) {
            yield* limiter.consume("signInFailuresByAccount", user.email).pipe(Effect.ignore)
            return yield* new InvalidCredentials()
          }
          return user
        })

      const changeEmail = (session: LiveSession, request: { readonly newEmail: string; readonly password: string }) =>
        Effect.gen(function* () {
          const user: UserRecord = yield* recheckPassword(session, request.password)
          const newEmail = normalizeEmail(request.newEmail)
          if (newEmail === user.email)
            return yield* new ValidationFailed({ message: "That is already your email address." })
          const updated = yield* users.update(
            user.id,
            { email: newEmail, emailConfirmed: false },
            { email: user.email }
          )
          if (Option.isNone(updated))
            return yield* new ValidationFailed({ message: "Your account changed meanwhile; try again." })
          // Links and codes sent to the old address must not confirm the new one.
          yield* tokens.consumeAllOfUser(user.id, yield* nowIso)
          yield* publishUserChange(sessionManager, updated.value, "emailChanged")
          yield* verification.send(updated.value)
          yield* mail.enqueue(emailChangedNotice({ publicUrl: config.publicUrl, oldEmail: user.email, newEmail }))
        })

      const changePassword = (
        session: LiveSession,
        request: { readonly currentPassword: string; readonly newPassword: string }
      ) =>
        Effect.gen(function* () {
          const user = yield* recheckPassword(session, request.currentPassword)
          const weakness = passwordWeakness(request.newPassword, user.email)
          if (weakness !== null) return yield* new WeakPassword({ message: weakness })
          const updated = yield* users
            .update(user.id, { passwordHash: yield* hasher.hash(request.newPassword) })
            .pipe(Effect.catchTag("EmailTaken", () => Effect.succeed(Option.none())))
          if (Option.isSome(updated)) yield* publishUserChange(sessionManager, updated.value, "passwordChanged")
          const revokedSessions = yield* sessionManager.revokeAllOfUser(user.id, "passwordChanged", session.sessionId)
          yield* mail.enqueue(passwordChangedNotice({ publicUrl: config.publicUrl, email: user.email }))
          return { revokedSessions }
        })

      return AccountSettings.of({ changeEmail, changePassword })
    })
  )
}
