import { TokenExpired, TokenInvalid } from "@verity/domain"
import type { OneTimeTokenPurpose, OneTimeTokenRecord, OneTimeTokens } from "@verity/store"
import { Clock, Effect, Option } from "effect"
import { sha256Hex } from "../security/secrets.ts"

/**
 * The stored token behind an emailed link, if it can still be used for `purpose`: known, of that
 * purpose, unused, and not expired. Answers it with the current time; using it is the caller's.
 */
export const usableLink = (tokens: OneTimeTokens["Service"], purpose: OneTimeTokenPurpose, linkToken: string) =>
  Effect.gen(function* () {
    const found = Option.getOrUndefined(yield* tokens.findByLinkHash(sha256Hex(linkToken)))
    if (found === undefined || found.purpose !== purpose || found.consumedAt !== null) return yield* new TokenInvalid()
    const nowMs = yield* Clock.currentTimeMillis
    if (nowMs >= Date.parse(found.linkExpiresAt)) return yield* new TokenExpired()
    return { token: found satisfies OneTimeTokenRecord, nowMs }
  })
