import {
  normalizeEmail,
  passwordWeakness,
  type RateLimited,
  type TokenExpired,
  TokenInvalid,
  WeakPassword
} from "@verity/domain"
import { passwordChangedNotice, passwordResetEmail } from "@verity/mailer"
import { OneTimeTokens, Sessions, type StoreError, StoreTransactions, Users } from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { MailDelivery } from "../mail/MailDelivery.ts"
import { DeviceTrust } from "../security/DeviceTrust.ts"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import { limitsOf } from "../security/rateLimitRules.ts"
import type { ClientInfo } from "../sessions/SessionManager.ts"
import { UserChanges } from "../users/UserChanges.ts"
import { newEmailedLink } from "./emailedLink.ts"
import { usableLink } from "./usableLink.ts"

const resetLinkLifetimeMs = Duration.toMillis(Duration.hours(1))

/** "Forgot password": a single-use emailed link that sets a new password and ends every session. */
export class PasswordReset extends Context.Service<
  PasswordReset,
  {
    /**
     * Answers the same, in the same time, whether or not the address has an account: the lookup
     * and the email happen after the answer, in the background. Each request sends a new link
     * and leaves the earlier ones valid, so a stranger's requests cannot void the owner's link.
     */
    request(email: string, client: ClientInfo): Effect.Effect<void, RateLimited | StoreError>
    /**
     * The new password, the used link and the end of every session commit together. Answers what
     * the device cookie holds from now on: whoever opened the link holds the mailbox, so the
     * device is trusted for the account, and the owner can sign in from it even while an
     * attacker's guesses keep untrusted clients waiting.
     */
    reset(
      token: string,
      newPassword: string,
      client: ClientInfo,
      deviceTokens: ReadonlyArray<string>
    ): Effect.Effect<ReadonlyArray<string>, TokenInvalid | TokenExpired | WeakPassword | RateLimited | StoreError>
  }
>()("@verity/api/accounts/PasswordReset") {
  static readonly layer = Layer.effect(
    PasswordReset,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const users = yield* Users
      const sessions = yield* Sessions
      const tokens = yield* OneTimeTokens
      const transactions = yield* StoreTransactions
      const hasher = yield* PasswordHasher
      const limiter = yield* RateLimiter
      const mail = yield* MailDelivery
      const userChanges = yield* UserChanges
      const devices = yield* DeviceTrust

      const sendResetLink = (email: string) =>
        Effect.gen(function* () {
          const user = Option.getOrUndefined(yield* users.findByEmail(email))
          if (user === undefined || user.status === "suspended") return
          // Counted only for accounts that exist, after the answer, so it tells nothing either.
          yield* limiter.reserve(limitsOf.passwordResetEmail(email))
          const nowMs = yield* Clock.currentTimeMillis
          const { token, record } = newEmailedLink({
            purpose: "resetPassword",
            userId: user.id,
            email: user.email,
            nowMs,
            lifetimeMs: resetLinkLifetimeMs
          })
          yield* transactions.transact(
            Effect.andThen(
              tokens.issue(record),
              mail.enqueue(passwordResetEmail({ publicUrl: config.publicUrl, token, email: user.email }))
            )
          )
        }).pipe(
          Effect.catchTag("RateLimited", () =>
            Effect.logWarning("Password reset email not sent: its mailbox had enough")
          ),
          Effect.catchTag("StoreError", (error) => Effect.logError("Password reset email not queued", error)),
          Effect.withSpan("PasswordReset.sendResetLink")
        )

      const request = Effect.fn("PasswordReset.request")(function* (rawEmail: string, client: ClientInfo) {
        const email = normalizeEmail(rawEmail)
        yield* limiter.reserve(limitsOf.passwordResetRequest(email, client.ip))
        yield* Effect.forkDetach(sendResetLink(email))
      })

      const reset = Effect.fn("PasswordReset.reset")(function* (
        linkToken: string,
        newPassword: string,
        client: ClientInfo,
        deviceTokens: ReadonlyArray<string>
      ) {
        const { token: found, nowMs } = yield* usableLink(tokens, "resetPassword", linkToken)
        const user = Option.getOrUndefined(yield* users.findById(found.userId))
        if (user === undefined || user.email !== found.email) return yield* new TokenInvalid()
        // Judged before the token is used, so a refused password leaves the link working.
        const weakness = passwordWeakness(newPassword, user.email)
        if (weakness !== null) return yield* new WeakPassword({ message: weakness })
        const passwordHash = yield* hasher.hash(newPassword, client.ip)
        yield* userChanges.commit("passwordReset", (writes, stamp) =>
          Effect.gen(function* () {
            if (!(yield* tokens.consume(found.id, new Date(nowMs).toISOString()))) return yield* new TokenInvalid()
            const updated = yield* writes.update(user.id, { passwordHash }, { stamp, ifEmail: found.email })
            if (Option.isNone(updated)) return yield* new TokenInvalid()
            // The other links of the flood or of earlier requests would set it again.
            yield* tokens.consumeOfUser(user.id, ["resetPassword"], stamp.at)
            const ended = yield* sessions.revokeAllOfUser(user.id, "passwordReset", stamp.at)
            yield* mail.enqueue(passwordChangedNotice({ publicUrl: config.publicUrl, email: user.email }))
            return { user: updated.value, endedSessions: { ids: ended, reason: "passwordReset" as const } }
          })
        )
        return devices.remember(user.id, deviceTokens)
      })

      return PasswordReset.of({ request, reset })
    })
  )
}
