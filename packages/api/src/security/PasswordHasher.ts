import { type Algorithm, hash, verify } from "@node-rs/argon2"
import { RateLimited } from "@verity/domain"
import { Context, Effect, Layer, Semaphore } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { addressGroup } from "./clientAddress.ts"

// `Algorithm` is an ambient const enum, which erasable-syntax TypeScript cannot read at run time.
const argon2id: Algorithm = 2

// argon2 runs on libuv's four worker threads. Two at a time per client address leaves the others
// to everyone else, so a flood of sign-ups from one address cannot starve other people's sign-in;
// a few more may wait their turn, and beyond that a request is refused at once rather than held.
const hashesAtOncePerAddress = 2
const waitingPerAddress = 8

// A malformed stored hash is a defect of ours, not a wrong password: it dies rather than fails.
const verifyPassword = (passwordHash: string, password: string) => Effect.promise(() => verify(passwordHash, password))

/** argon2id, bounded per client address. Every method takes the address the work is done for. */
export class PasswordHasher extends Context.Service<
  PasswordHasher,
  {
    hash(password: string, forAddress: string | null): Effect.Effect<string, RateLimited>
    verify(passwordHash: string, password: string, forAddress: string | null): Effect.Effect<boolean, RateLimited>
    /**
     * Does the same work as a real verification and answers false: sign-in with an unknown email
     * must cost as much as a wrong password, or response times reveal which addresses have accounts.
     */
    verifyNothing(password: string, forAddress: string | null): Effect.Effect<false, RateLimited>
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
      // Entries live only while an address has work running or waiting, so the map stays small.
      const slots = new Map<string, { readonly semaphore: Semaphore.Semaphore; users: number }>()

      /** Runs `work` in one of the address's slots, or refuses when too many of its requests already wait. */
      const inSlotOf =
        (forAddress: string | null) =>
        <A>(work: Effect.Effect<A>): Effect.Effect<A, RateLimited> =>
          Effect.suspend(() => {
            const key = addressGroup(forAddress)
            const entry = slots.get(key) ?? { semaphore: Semaphore.makeUnsafe(hashesAtOncePerAddress), users: 0 }
            if (entry.users >= hashesAtOncePerAddress + waitingPerAddress) {
              return Effect.fail(new RateLimited({ retryAfterSeconds: 1 }))
            }
            entry.users++
            slots.set(key, entry)
            return entry.semaphore.withPermit(work).pipe(
              Effect.ensuring(
                Effect.sync(() => {
                  entry.users--
                  if (entry.users === 0) slots.delete(key)
                })
              )
            )
          })

      const hashPassword = (password: string) => Effect.promise(() => hash(password, options))
      const decoyHash = yield* hashPassword(crypto.randomUUID())

      return PasswordHasher.of({
        hash: (password, forAddress) => inSlotOf(forAddress)(hashPassword(password)),
        verify: (passwordHash, password, forAddress) => inSlotOf(forAddress)(verifyPassword(passwordHash, password)),
        verifyNothing: (password, forAddress) =>
          inSlotOf(forAddress)(verifyPassword(decoyHash, password)).pipe(Effect.as(false as const))
      })
    })
  )
}
