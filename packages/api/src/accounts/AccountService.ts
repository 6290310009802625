import {
  AccountSuspended,
  type EmailTaken,
  InvalidCredentials,
  normalizeEmail,
  passwordWeakness,
  type RateLimited,
  WeakPassword
} from "@verity/domain"
import { type StoreError, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { DeviceTrust } from "../security/DeviceTrust.ts"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import { limitsOf } from "../security/rateLimitRules.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { type ClientInfo, SessionManager } from "../sessions/SessionManager.ts"
import { nowIso } from "../time/now.ts"
import { UserChanges } from "../users/UserChanges.ts"
import { EmailVerification } from "./EmailVerification.ts"

export type Credentials = { readonly email: string; readonly password: string }
export type SignedIn = {
  readonly token: string
  readonly session: LiveSession
  /** What the device cookie holds from now on: this device is trusted for the account. */
  readonly deviceTokens: ReadonlyArray<string>
}

/** Creating accounts and opening and closing sessions with a password. */
export class AccountService extends Context.Service<
  AccountService,
  {
    /**
     * Creates the account with its verification email (both or neither), then opens a session. A
     * crash between the two leaves an account that can sign in, never one without its email. A
     * taken address costs the same hashing as a new one, so the answer's timing tells nothing more
     * than EMAIL_TAKEN does, and that is limited per address and per client.
     */
    signUp(
      credentials: Credentials,
      client: ClientInfo,
      deviceTokens: ReadonlyArray<string>
    ): Effect.Effect<SignedIn, EmailTaken | WeakPassword | RateLimited | StoreError>
    /**
     * A device that signed in to the account before (its device cookie) counts its attempts
     * against its own allowance; any other client, against the account's and its address's.
     */
    signIn(
      credentials: Credentials,
      client: ClientInfo,
      deviceTokens: ReadonlyArray<string>
    ): Effect.Effect<SignedIn, InvalidCredentials | AccountSuspended | RateLimited | StoreError>
    signOut(session: LiveSession): Effect.Effect<void, StoreError>
  }
>()("@verity/api/accounts/AccountService") {
  static readonly layer = Layer.effect(
    AccountService,
    Effect.gen(function* () {
      const users = yield* Users
      const userChanges = yield* UserChanges
      const hasher = yield* PasswordHasher
      const sessionManager = yield* SessionManager
      const verification = yield* EmailVerification
      const limiter = yield* RateLimiter
      const devices = yield* DeviceTrust

      const signUp = Effect.fn("AccountService.signUp")(function* (
        credentials: Credentials,
        client: ClientInfo,
        deviceTokens: ReadonlyArray<string>
      ) {
        const email = normalizeEmail(credentials.email)
        // Judged before anything is counted: refused input changes nothing.
        const weakness = passwordWeakness(credentials.password, email)
        if (weakness !== null) return yield* new WeakPassword({ message: weakness })
        yield* limiter.reserve(limitsOf.signUp(email, client.ip))
        const id = crypto.randomUUID()
        const verificationEmail = yield* verification.reserveEmail(id, email)
        // Hashed whether or not the address is taken; `create` finds out, atomically.
        const passwordHash = yield* hasher
          .hash(credentials.password, client.ip)
          .pipe(Effect.tapError(() => verificationEmail.release))
        const user = yield* userChanges
          .create(
            {
              id,
              email,
              emailConfirmed: false,
              status: "active",
              passwordHash,
              createdAt: yield* nowIso,
              createdFrom: { userAgent: client.userAgent, ip: client.ip }
            },
            verification.issue
          )
          .pipe(Effect.tapError(() => verificationEmail.release))
        const opened = yield* sessionManager.open(user, client)
        return { ...opened, deviceTokens: devices.remember(user.id, deviceTokens) }
      })

      const signIn = Effect.fn("AccountService.signIn")(function* (
        credentials: Credentials,
        client: ClientInfo,
        deviceTokens: ReadonlyArray<string>
      ) {
        const email = normalizeEmail(credentials.email)
        const found = yield* users.findByEmail(email)
        const device = Option.flatMap(found, (user) => devices.recognise(user.id, deviceTokens))
        // Counted before the hash is computed, and given back only when the password was right.
        const attempt = yield* limiter.reserve(
          Option.match(device, {
            onSome: limitsOf.trustedSignIn,
            onNone: () => limitsOf.untrustedSignIn(email, client.ip)
          })
        )
        const passwordMatches = yield* (
          Option.isSome(found)
            ? hasher.verify(found.value.passwordHash, credentials.password, client.ip)
            : hasher.verifyNothing(credentials.password, client.ip)
        ).pipe(
          // Refused before hashing (too much of this address's work waits): no attempt was made.
          Effect.tapError(() => attempt.release)
        )
        if (!passwordMatches || Option.isNone(found)) return yield* new InvalidCredentials()
        yield* attempt.release
        if (found.value.status === "suspended") return yield* new AccountSuspended()
        const opened = yield* sessionManager.open(found.value, client)
        return { ...opened, deviceTokens: devices.remember(found.value.id, deviceTokens) }
      })

      const signOut = (session: LiveSession) =>
        sessionManager
          .revoke(session.sessionId, "signedOut")
          .pipe(Effect.asVoid, Effect.withSpan("AccountService.signOut"))

      return AccountService.of({ signUp, signIn, signOut })
    })
  )
}
