import {
  EmailTaken,
  InvalidCredentials,
  normalizeEmail,
  passwordWeakness,
  type RateLimited,
  ValidationFailed,
  WeakPassword
} from "@verity/domain"
import { emailChangedNotice, passwordChangedNotice } from "@verity/mailer"
import { OneTimeTokens, Sessions, type StoreError, type UserRecord, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { reachFailPoint } from "../faults/FailPoints.ts"
import { MailDelivery } from "../mail/MailDelivery.ts"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import { limitsOf } from "../security/rateLimitRules.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import type { ClientInfo } from "../sessions/SessionManager.ts"
import { UserChanges } from "../users/UserChanges.ts"
import { AccountRecovery } from "./AccountRecovery.ts"
import { EmailVerification } from "./EmailVerification.ts"

/**
 * Changes a signed-in user makes to their own account; each re-checks the password first. The
 * re-checks are limited per session, so no one else's failed sign-ins can ever block them.
 */
export class AccountSettings extends Context.Service<
  AccountSettings,
  {
    /**
     * Every live session shows the new, unconfirmed address before this answers; the link and
     * code to the new address, the notice to the old one (with its "this wasn't me" link) and the
     * voiding of earlier links commit with the change. Answers the user as committed.
     */
    changeEmail(
      session: LiveSession,
      request: { readonly newEmail: string; readonly password: string },
      client: ClientInfo
    ): Effect.Effect<UserRecord, InvalidCredentials | EmailTaken | ValidationFailed | RateLimited | StoreError>
    /**
     * The new password, the revocation of every other session and the voiding of outstanding
     * reset links commit together, so neither old sessions nor old links outlive the password;
     * answers how many sessions ended.
     */
    changePassword(
      session: LiveSession,
      request: { readonly currentPassword: string; readonly newPassword: string },
      client: ClientInfo
    ): Effect.Effect<{ revokedSessions: number }, InvalidCredentials | WeakPassword | RateLimited | StoreError>
  }
>()("@verity/api/accounts/AccountSettings") {
  static readonly layer = Layer.effect(
    AccountSettings,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const sessions = yield* Sessions
      const tokens = yield* OneTimeTokens
      const hasher = yield* PasswordHasher
      const limiter = yield* RateLimiter
      const userChanges = yield* UserChanges
      const verification = yield* EmailVerification
      const mail = yield* MailDelivery
      const recovery = yield* AccountRecovery

      /** Counted per session before the hash is checked, and given back when the password was right. */
      const recheckPassword = Effect.fn("AccountSettings.recheckPassword")(function* (
        session: LiveSession,
        password: string,
        client: ClientInfo
      ) {
        const attempt = yield* limiter.reserve(limitsOf.passwordRecheck(session.sessionId))
        const user = Option.getOrUndefined(yield* users.findById(session.userId))
        if (user === undefined) return yield* new InvalidCredentials()
        const matches = yield* hasher
          .verify(user.passwordHash, password, client.ip)
          .pipe(Effect.tapError(() => attempt.release))
        if (!matches) return yield* new InvalidCredentials()
        yield* attempt.release
        return user
      })

      const changeEmail = Effect.fn("AccountSettings.changeEmail")(function* (
        session: LiveSession,
        request: { readonly newEmail: string; readonly password: string },
        client: ClientInfo
      ) {
        const newEmail = normalizeEmail(request.newEmail)
        if (newEmail === session.snapshot.context.user.email)
          return yield* new ValidationFailed({ message: "That is already your email address." })
        const user = yield* recheckPassword(session, request.password, client)
        yield* limiter.reserve(limitsOf.emailChange(client.ip))
        // Looked up first so a taken address is EMAIL_TAKEN, not a cool-down; the write still
        // enforces it against a concurrent change.
        if (Option.isSome(yield* users.findByEmail(newEmail))) return yield* new EmailTaken()
        // The link and code to the new address are a verification email like any other.
        const verificationEmail = yield* verification.reserveEmail(user.id, newEmail)
        const committed = yield* userChanges
          .commit("emailChanged", (writes, stamp) =>
            Effect.gen(function* () {
              const moved = yield* writes.changeEmail(
                user.id,
                { from: user.email, to: newEmail, confirmed: false },
                stamp
              )
              if (Option.isNone(moved))
                return yield* new ValidationFailed({ message: "Your account changed meanwhile; try again." })
              // Links and codes sent to the old address must not confirm the new one, nor reset it; the
              // "this wasn't me" links of earlier changes stay, for the owner of the first address.
              yield* tokens.consumeOfUser(user.id, ["verifyEmail", "resetPassword"], stamp.at)
              yield* verification.issue(moved.value)
              const undoToken = yield* recovery.issueUndoLink(moved.value, user.email)
              yield* mail.enqueue(
                emailChangedNotice({ publicUrl: config.publicUrl, oldEmail: user.email, newEmail, undoToken })
              )
              return { user: moved.value }
            })
          )
          .pipe(Effect.tapError(() => verificationEmail.release))
        return committed.user
      })

      const changePassword = Effect.fn("AccountSettings.changePassword")(function* (
        session: LiveSession,
        request: { readonly currentPassword: string; readonly newPassword: string },
        client: ClientInfo
      ) {
        const user = yield* recheckPassword(session, request.currentPassword, client)
        const weakness = passwordWeakness(request.newPassword, user.email)
        if (weakness !== null) return yield* new WeakPassword({ message: weakness })
        const passwordHash = yield* hasher.hash(request.newPassword, client.ip)
        const committed = yield* userChanges.commit("passwordChanged", (writes, stamp) =>
          Effect.gen(function* () {
            const updated = yield* writes.update(user.id, { passwordHash }, { stamp })
            if (Option.isNone(updated)) return yield* new InvalidCredentials()
            yield* reachFailPoint("passwordChange.afterPasswordWrite")
            const ended = yield* sessions.revokeAllOfUser(user.id, "passwordChanged", stamp.at, session.sessionId)
            // A reset link asked for before (by the owner, or by whoever stole the old password) must not undo this.
            yield* tokens.consumeOfUser(user.id, ["resetPassword"], stamp.at)
            yield* mail.enqueue(passwordChangedNotice({ publicUrl: config.publicUrl, email: user.email }))
            return { user: updated.value, endedSessions: { ids: ended, reason: "passwordChanged" as const } }
          })
        )
        return { revokedSessions: committed.endedSessions?.ids.length ?? 0 }
      })

      return AccountSettings.of({ changeEmail, changePassword })
    })
  )
}
