import {
  normalizeEmail,
  passwordWeakness,
  type RateLimited,
  type TokenExpired,
  TokenInvalid,
  WeakPassword
} from "@verity/domain"
import { passwordChangedNotice, passwordResetEmail } from "@verity/mailer"
import { OneTimeTokens, type StoreError, Users } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { MailDelivery } from "../mail/MailDelivery.ts"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import { newOpaqueToken, sha256Hex } from "../security/secrets.ts"
import type { ClientInfo } from "../sessions/SessionManager.ts"
import { SessionManager } from "../sessions/SessionManager.ts"
import { publishUserChange } from "./publishUserChange.ts"
import { usableLink } from "./usableLink.ts"

const resetLinkLifetimeMs = Duration.toMillis(Duration.hours(1))

/** "Forgot password": a single-use emailed link that sets a new password and ends every session. */
export class PasswordReset extends Context.Service<
  PasswordReset,
  {
    /**
     * Answers the same, in the same time, whether or not the address has an account: the lookup
     * and the email happen after the answer, in the background.
     */
    request(email: string, client: ClientInfo): Effect.Effect<void, RateLimited | StoreError>
    reset(
      token: string,
      newPassword: string
    ): Effect.Effect<void, TokenInvalid | TokenExpired | WeakPassword | StoreError>
  }
>()("@verity/api/accounts/PasswordReset") {
  static readonly layer = Layer.effect(
    PasswordReset,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const tokens = yield* OneTimeTokens
      const hasher = yield* PasswordHasher
      const limiter = yield* RateLimiter
      const mail = yield* MailDelivery
      const sessionManager = yield* SessionManager

      const sendResetLink = (email: string) =>
        Effect.gen(function* () {
          const user = Option.getOrUndefined(yield* users.findByEmail(email))
          if (user === undefined || user.status === "suspended") return
          const nowMs = yield* Clock.currentTimeMillis
          const token = newOpaqueToken()
          yield* tokens.issue({
            id: crypto.randomUUID(),
            purpose: "resetPassword",
            userId: user.id,
            email: user.email,
            linkHash: sha256Hex(token),
            codeHash: null,
            createdAt: new Date(nowMs).toISOString(),
            linkExpiresAt: new Date(nowMs + resetLinkLifetimeMs).toISOString(),
            codeExpiresAt: null,
            codeAttempts: 0,
            consumedAt: null
          })
          yield* mail.enqueue(passwordResetEmail({ publicUrl: config.publicUrl, token, email: user.email }))
        }).pipe(Effect.catchTag("StoreError", (error) => Effect.logError("Password reset email not queued", error)))

      const request = (rawEmail: string, client: ClientInfo) =>
        Effect.gen(function* () {
          const email = normalizeEmail(rawEmail)
          if (client.ip !== null) yield* limiter.consume("passwordResetsByIp", client.ip)
          yield* limiter.consume("passwordResetsByEmail", email)
          yield* Effect.forkDetach(sendResetLink(email))
        })

      const reset = (linkToken: string, newPassword: string) =>
        Effect.gen(function* () {
          const { token: found, nowMs } = yield* usableLink(tokens, "resetPassword", linkToken)
          const user = Option.getOrUndefined(yield* users.findById(found.userId))
          if (user === undefined || user.email !== found.email) return yield* new TokenInvalid()
          // Judged before the token is used, so a refused password leaves the link working.
          const weakness = passwordWeakness(newPassword, user.email)
          if (weakness !== null) return yield* new WeakPassword({ message: weakness })
          if (!(yield* tokens.consume(found.id, new Date(nowMs).toISOString()))) return yield* new TokenInvalid()
          const updated = yield* users
            .update(user.id, { passwordHash: yield* hasher.hash(newPassword) }, { email: found.email })
            .pipe(Effect.catchTag("EmailTaken", () => Effect.succeed(Option.none())))
          if (Option.isNone(updated)) return yield* new TokenInvalid()
          yield* publishUserChange(sessionManager, updated.value, "passwordReset")
          yield* sessionManager.revokeAllOfUser(user.id, "passwordReset")
          yield* mail.enqueue(passwordChangedNotice({ publicUrl: config.publicUrl, email: user.email }))
        })

      return PasswordReset.of({ request, reset })
    })
  )
}
