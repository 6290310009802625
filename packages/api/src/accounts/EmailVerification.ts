import {
  CodeInvalid,
  type RateLimited,
  TokenExpired,
  TokenInvalid,
  TooManyAttempts,
  ValidationFailed
} from "@verity/domain"
import { verificationEmail } from "@verity/mailer"
import {
  OneTimeTokens,
  type OneTimeTokenRecord,
  type StoreError,
  StoreTransactions,
  type UserRecord,
  Users
} from "@verity/store"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { MailDelivery } from "../mail/MailDelivery.ts"
import { RateLimiter, type Reservation } from "../security/RateLimiter.ts"
import { limitsOf } from "../security/rateLimitRules.ts"
import { digestsEqual, newOpaqueToken, newShortCode, sha256Hex } from "../security/secrets.ts"
import { UserChanges } from "../users/UserChanges.ts"
import { usableLink } from "./usableLink.ts"

const linkLifetimeMs = Duration.toMillis(Duration.hours(24))
const codeLifetimeMs = Duration.toMillis(Duration.minutes(15))
/** The code has a million values; five guesses give an attacker a 1-in-200,000 chance. */
export const maxCodeAttempts = 5

/**
 * Proves that a user owns their address: an emailed link (usable with no session, e.g. on
 * another device) or a 6-digit code typed into the signed-in session. Both are single-use,
 * expire, are stored only as hashes, and only work while the address is still the user's.
 */
export class EmailVerification extends Context.Service<
  EmailVerification,
  {
    /**
     * Issues a fresh link and code for the user's current address, voiding earlier ones (a code
     * is typed into the session, which knows only the newest), and queues the email. Writes only: callers run it inside the transaction of the change that
     * needs it (sign-up, an email change), so the email exists exactly when that change does.
     */
    issue(user: UserRecord): Effect.Effect<void, StoreError>
    /**
     * Counts a verification email about to be issued to `mailbox` for `userId`, before the
     * transaction that issues it, whatever sends it (sign-up, resend, an email change): one per
     * RESEND_COOLDOWN to a user, and six an hour to a user and to a mailbox. Release the
     * reservation when the change that would have sent it did not happen.
     */
    reserveEmail(userId: string, mailbox: string): Effect.Effect<Reservation, RateLimited | StoreError>
    confirmWithLink(token: string): Effect.Effect<void, TokenInvalid | TokenExpired | StoreError>
    confirmWithCode(
      userId: string,
      code: string
    ): Effect.Effect<void, CodeInvalid | TooManyAttempts | TokenExpired | TokenInvalid | RateLimited | StoreError>
    resend(
      userId: string
    ): Effect.Effect<{ sentTo: string; retryAfterSeconds: number }, RateLimited | ValidationFailed | StoreError>
    /**
     * Where the latest link and code went (null if none was ever sent) and how long until
     * `resend` will send another (0: now), so a page can show the wait before anyone clicks.
     */
    status(userId: string): Effect.Effect<{ sentTo: string | null; retryAfterSeconds: number }, StoreError>
  }
>()("@verity/api/accounts/EmailVerification") {
  static readonly layer = Layer.effect(
    EmailVerification,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const tokens = yield* OneTimeTokens
      const users = yield* Users
      const mail = yield* MailDelivery
      const userChanges = yield* UserChanges
      const limiter = yield* RateLimiter
      const transactions = yield* StoreTransactions
      const cooldownMs = Duration.toMillis(config.resendCooldown)
      const cooldownSeconds = Math.max(1, Math.ceil(cooldownMs / 1_000))

      const reserveEmail = (userId: string, mailbox: string) =>
        limiter.reserve(limitsOf.verificationEmail(userId, mailbox))

      const issue = Effect.fn("EmailVerification.issue")(function* (user: UserRecord) {
        const nowMs = yield* Clock.currentTimeMillis
        const token = newOpaqueToken()
        const code = newShortCode()
        yield* tokens.consumeOfUser(user.id, ["verifyEmail"], new Date(nowMs).toISOString())
        yield* tokens.issue({
          id: crypto.randomUUID(),
          purpose: "verifyEmail",
          userId: user.id,
          email: user.email,
          linkHash: sha256Hex(token),
          codeHash: sha256Hex(code),
          createdAt: new Date(nowMs).toISOString(),
          linkExpiresAt: new Date(nowMs + linkLifetimeMs).toISOString(),
          codeExpiresAt: new Date(nowMs + codeLifetimeMs).toISOString(),
          codeAttempts: 0,
          consumedAt: null
        })
        yield* mail.enqueue(
          verificationEmail({
            publicUrl: config.publicUrl,
            token,
            code,
            email: user.email,
            newAccount: !user.everConfirmed
          })
        )
      })

      /** Uses the token and confirms the address it was sent to, if that is still the user's: both or neither. */
      const confirm = (token: OneTimeTokenRecord, nowIso: string) =>
        userChanges.commit("emailConfirmed", (writes, stamp) =>
          Effect.gen(function* () {
            if (!(yield* tokens.consume(token.id, nowIso))) return yield* new TokenInvalid()
            const updated = yield* writes.update(
              token.userId,
              { emailConfirmed: true },
              { stamp, ifEmail: token.email }
            )
            if (Option.isNone(updated)) return yield* new TokenInvalid()
            return { user: updated.value }
          })
        )

      const confirmWithLink = Effect.fn("EmailVerification.confirmWithLink")(function* (linkToken: string) {
        const { token, nowMs } = yield* usableLink(tokens, "verifyEmail", linkToken)
        yield* confirm(token, new Date(nowMs).toISOString())
      })

      const confirmWithCode = Effect.fn("EmailVerification.confirmWithCode")(function* (userId: string, code: string) {
        // Counted before the comparison, given back if the code was right.
        const guess = yield* limiter.reserve(limitsOf.codeGuess(userId))
        const nowMs = yield* Clock.currentTimeMillis
        const now = new Date(nowMs).toISOString()
        const active = yield* tokens.findActive(userId, "verifyEmail")
        if (Option.isNone(active)) {
          const latest = yield* tokens.findLatest(userId, "verifyEmail")
          return yield* Option.isSome(latest) && latest.value.codeAttempts >= maxCodeAttempts
            ? new TooManyAttempts()
            : new TokenInvalid()
        }
        const token = active.value
        if (token.codeHash === null || token.codeExpiresAt === null) return yield* new TokenInvalid()
        if (nowMs >= Date.parse(token.codeExpiresAt)) return yield* new TokenExpired()
        // Each attempt takes its number atomically before it is compared: of any number of
        // concurrent guesses, only the first five are ever compared.
        const attempt = yield* tokens.recordCodeAttempt(token.id)
        const right = attempt <= maxCodeAttempts && digestsEqual(token.codeHash, sha256Hex(code))
        if (!right) {
          if (attempt < maxCodeAttempts) return yield* new CodeInvalid({ attemptsLeft: maxCodeAttempts - attempt })
          // Burnt: the link of the same email goes too, the user asks for a new one.
          yield* tokens.consume(token.id, now)
          return yield* new TooManyAttempts()
        }
        // Attempts five and on that were refused above burnt the code: burning it here too would
        // only repeat that, and a crash between the count and the burn leaves a code that is
        // counted out and so never compared again.
        yield* guess.release
        yield* confirm(token, now)
      })

      /** The resend cool-down left, read from the last token the store holds, so it survives restarts. */
      const cooldownLeft = Effect.fn("EmailVerification.cooldownLeft")(function* (userId: string) {
        const nowMs = yield* Clock.currentTimeMillis
        const latest = yield* tokens.findLatest(userId, "verifyEmail")
        const waitMs = Option.isSome(latest) ? Date.parse(latest.value.createdAt) + cooldownMs - nowMs : 0
        return { latest, retryAfterSeconds: Math.max(0, Math.ceil(waitMs / 1_000)) }
      })

      const status = Effect.fn("EmailVerification.status")(function* (userId: string) {
        const { latest, retryAfterSeconds } = yield* cooldownLeft(userId)
        return { sentTo: Option.isSome(latest) ? latest.value.email : null, retryAfterSeconds }
      })

      const resend = Effect.fn("EmailVerification.resend")(function* (userId: string) {
        const user = yield* users.findById(userId)
        if (Option.isNone(user)) return yield* new ValidationFailed({ message: "No such user." })
        if (user.value.emailConfirmed) {
          return yield* new ValidationFailed({ message: "Your email address is already confirmed." })
        }
        // The cool-down is a count in the store, so it holds across restarts and concurrent resends.
        yield* reserveEmail(user.value.id, user.value.email)
        yield* transactions.transact(issue(user.value))
        return { sentTo: user.value.email, retryAfterSeconds: cooldownSeconds }
      })

      return EmailVerification.of({ issue, reserveEmail, confirmWithLink, confirmWithCode, resend, status })
    })
  )
}
