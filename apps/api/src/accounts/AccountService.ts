import { EmailTaken, InvalidCredentials, normalizeEmail, passwordWeakness, WeakPassword } from "@verity/domain"
import { type StoreError, Users } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"
import { PasswordHasher } from "../security/PasswordHasher.ts"
import type { LiveSession } from "../sessions/LiveSession.ts"
import { type ClientInfo, SessionManager } from "../sessions/SessionManager.ts"
import { nowIso } from "../time/now.ts"
import { EmailVerification } from "./EmailVerification.ts"

export type Credentials = { readonly email: string; readonly password: string }
export type SignedIn = { readonly token: string; readonly session: LiveSession }

/** Creating accounts and opening and closing sessions with a password. */
export class AccountService extends Context.Service<AccountService, {
  signUp(credentials: Credentials, client: ClientInfo): Effect.Effect<SignedIn, EmailTaken | WeakPassword | StoreError>
  signIn(credentials: Credentials, client: ClientInfo): Effect.Effect<SignedIn, InvalidCredentials | StoreError>
  signOut(session: LiveSession): Effect.Effect<void, StoreError>
}>()("@verity/api/accounts/AccountService") {
  static readonly layer = Layer.effect(
    AccountService,
    Effect.gen(function*() {
      const users = yield* Users
      const hasher = yield* PasswordHasher
      const sessionManager = yield* SessionManager
      const verification = yield* EmailVerification

      const signUp = (credentials: Credentials, client: ClientInfo) =>
        Effect.gen(function*() {
          const email = normalizeEmail(credentials.email)
          const weakness = passwordWeakness(credentials.password, email)
          if (weakness !== null) return yield* new WeakPassword({ message: weakness })
          // Checked before hashing too, so a taken address does not cost a hash; `create`
          // still enforces uniqueness against a concurrent sign-up.
          if (Option.isSome(yield* users.findByEmail(email))) return yield* new EmailTaken()
          const user = yield* users.create({
            id: crypto.randomUUID(),
            email,
            emailConfirmed: false,
            status: "active",
            passwordHash: yield* hasher.hash(credentials.password),
            createdAt: yield* nowIso
          })
          yield* verification.send(user)
          return yield* sessionManager.open(user, client)
        })

      const signIn = (credentials: Credentials, client: ClientInfo) =>
        Effect.gen(function*() {
          const found = yield* users.findByEmail(normalizeEmail(credentials.email))
          const passwordMatches = Option.isSome(found)
            ? yield* hasher.verify(found.value.passwordHash, credentials.password)
            : yield* hasher.verifyNothing(credentials.password)
          if (!passwordMatches || Option.isNone(found)) return yield* new InvalidCredentials()
          return yield* sessionManager.open(found.value, client)
        })

      const signOut = (session: LiveSession) =>
        sessionManager.revoke(session.sessionId, "signedOut").pipe(Effect.asVoid)

      return AccountService.of({ signUp, signIn, signOut })
    })
  )
}
