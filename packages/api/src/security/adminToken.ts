import { createHash, timingSafeEqual } from "node:crypto"
import { Option, Redacted } from "effect"

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
