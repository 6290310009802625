import {
  AccountSuspended,
  EmailTaken,
  InvalidCredentials,
  normalizeEmail,
  passwordWeakness,
  type RateLimited,
  WeakPassword
} from "@verity/domain"
import { type StoreError, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import { RateLimiter } from "../security/RateLimiter.ts"
import type { LiveSession } from "../sessions/live/LiveSession.ts"
import { type ClientInfo, SessionManager } from "../sessions/SessionManager.ts"
import { nowIso } from "../time/now.ts"
import { UserChanges } from "../users/UserChanges.ts"
import { EmailVerification } from "./EmailVerification.ts"

export type Credentials = { readonly email: string; readonly password: string }
export type SignedIn = { readonly token: string; readonly session: LiveSession }

/** Creating accounts and opening and closing sessions with a password. */
export class AccountService extends Context.Service<
  AccountService,
  {
    /**
     * Creates the account with its verification email (both or neither), then opens a session. A
     * crash between the two leaves an account that can sign in, never one without its email.
     */
    signUp(
      credentials: Credentials,
      client: ClientInfo
    ): Effect.Effect<SignedIn, EmailTaken | WeakPassword | StoreError>
    signIn(
      credentials: Credentials,
      client: ClientInfo
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

      const signUp = Effect.fn("AccountService.signUp")(function* (credentials: Credentials, client: ClientInfo) {
        const email = normalizeEmail(credentials.email)
        const weakness = passwordWeakness(credentials.password, email)
        if (weakness !== null) return yield* new WeakPassword({ message: weakness })
        // Checked before hashing too, so a taken address does not cost a hash; `create` still
        // enforces uniqueness against a concurrent sign-up.
        if (Option.isSome(yield* users.findByEmail(email))) return yield* new EmailTaken()
        const user = yield* userChanges.create(
          {
            id: crypto.randomUUID(),
            email,
            emailConfirmed: false,
            status: "active",
            passwordHash: yield* hasher.hash(credentials.password),
            createdAt: yield* nowIso,
            createdFrom: { userAgent: client.userAgent, ip: client.ip }
          },
          verification.issue
        )
        return yield* sessionManager.open(user, client)
      })

      const signIn = Effect.fn("AccountService.signIn")(function* (credentials: Credentials, client: ClientInfo) {
        const email = normalizeEmail(credentials.email)
        const accountAndIp = `${email}|${client.ip ?? "unknown"}`
        yield* limiter.ensureNotExhausted("signInFailuresByAccountAndIp", accountAndIp)
        yield* limiter.ensureNotExhausted("signInFailuresByAccount", email)
        if (client.ip !== null) yield* limiter.ensureNotExhausted("signInFailuresByIp", client.ip)

        const found = yield* users.findByEmail(email)
        const passwordMatches = Option.isSome(found)
          ? yield* hasher.verify(found.value.passwordHash, credentials.password)
          : yield* hasher.verifyNothing(credentials.password)
        if (!passwordMatches || Option.isNone(found)) {
          // Unknown addresses count too, so the limits do not tell which accounts exist.
          yield* Effect.all(
            [
              limiter.consume("signInFailuresByAccountAndIp", accountAndIp),
              limiter.consume("signInFailuresByAccount", email),
              client.ip === null ? Effect.void : limiter.consume("signInFailuresByIp", client.ip)
            ],
            { mode: "result" }
          )
          return yield* new InvalidCredentials()
        }
        yield* limiter.clear("signInFailuresByAccountAndIp", accountAndIp)
        if (found.value.status === "suspended") return yield* new AccountSuspended()
        return yield* sessionManager.open(found.value, client)
      })

      const signOut = (session: LiveSession) =>
        sessionManager
          .revoke(session.sessionId, "signedOut")
          .pipe(Effect.asVoid, Effect.withSpan("AccountService.signOut"))

      return AccountService.of({ signUp, signIn, signOut })
    })
  )
}
