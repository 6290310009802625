import { type Algorithm, hash, verify } from "@node-rs/argon2"
import { Context, Effect, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.ts"

// `Algorithm` is an ambient const enum, which erasable-syntax TypeScript cannot read at run time.
const argon2id: Algorithm = 2

// A malformed stored hash is a defect of ours, not a wrong password: it dies rather than fails.
const verifyPassword = (passwordHash: string, password: string) => Effect.promise(() => verify(passwordHash, password))

export class PasswordHasher extends Context.Service<
  PasswordHasher,
  {
    hash(password: string): Effect.Effect<string>
    verify(passwordHash: string, password: string): Effect.Effect<boolean>
    /**
     * Does the same work as a real verification and answers false: sign-in with an unknown email
     * must cost as much as a wrong password, or response times reveal which addresses have accounts.
     */
    verifyNothing(password: string): Effect.Effect<false>
  }
>()("@verity/api/security/PasswordHasher") {
  static readonly layer = Layer.effect(
    PasswordHasher,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const options = {
        algorithm: argon2id,
        memoryCost: config.argon2MemoryKib,
        timeCost: config.argon2TimeCost,
        parallelism: 1
      }
      const hashPassword = (password: string) => Effect.promise(() => hash(password, options))
      const decoyHash = yield* hashPassword(crypto.randomUUID())
      return PasswordHasher.of({
        hash: hashPassword,
        verify: verifyPassword,
        verifyNothing: (password) => verifyPassword(decoyHash, password).pipe(Effect.as(false as const))
      })
    })
  )
}
