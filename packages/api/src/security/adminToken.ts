import { createHash, timingSafeEqual } from "node:crypto"
import { OperatorTokenRefused, type RateLimited } from "@verity/domain"
import type { StoreError } from "@verity/store"
import { Effect, Option, Redacted } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { RateLimiter } from "./RateLimiter.ts"
import { limitsOf } from "./rateLimitRules.ts"

const digest = (secret: string) => createHash("sha256").update(secret).digest()

/**
 * Whether `given` is the operator token (ADMIN_TOKEN). Both sides are hashed first, so the
 * comparison takes the same time whatever the content or the length of either: timing tells an
 * attacker nothing. Always false while ADMIN_TOKEN is unset (operator procedures are closed).
 */
export const isAdminToken = (adminToken: Option.Option<Redacted.Redacted<string>>, given: string | null): boolean =>
  Option.isSome(adminToken) &&
  given !== null &&
  timingSafeEqual(digest(given), digest(Redacted.value(adminToken.value)))

/**
 * The door of everything an operator token opens (the `admin.*` procedures, the inspector's
 * sign-in): succeeds when `given` is ADMIN_TOKEN, and otherwise refuses with
 * OperatorTokenRefused (FORBIDDEN). Each attempt is counted against the client's address before
 * the comparison, so guesses from one address are refused with RATE_LIMITED once they are too
 * many, however many arrive at once, and then even the right token waits out the block; the right
 * token clears the address's count. A request with no token at all, or while ADMIN_TOKEN is
 * unset, guesses nothing and is refused uncounted.
 */
export const checkAdminToken = (
  given: string | null,
  clientIp: string | null
): Effect.Effect<void, OperatorTokenRefused | RateLimited | StoreError, AppConfig | RateLimiter> =>
  Effect.gen(function* () {
    const { adminToken } = yield* AppConfig
    if (given === null || Option.isNone(adminToken)) return yield* new OperatorTokenRefused()
    const limiter = yield* RateLimiter
    const attempt = limitsOf.adminToken(clientIp)
    yield* limiter.reserve(attempt)
    if (!isAdminToken(adminToken, given)) return yield* new OperatorTokenRefused()
    yield* limiter.forget(attempt)
  }).pipe(Effect.withSpan("checkAdminToken"))
