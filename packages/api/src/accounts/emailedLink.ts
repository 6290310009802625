import type { OneTimeTokenPurpose, OneTimeTokenRecord } from "@verity/store"
import { newOpaqueToken, sha256Hex } from "../security/secrets.ts"

/**
 * A new single-use link for an email (a reset, taking an account back): the token goes in the
 * email, and only its hash in the store, so a leaked database hands out no working link.
 */
export const newEmailedLink = (link: {
  readonly purpose: OneTimeTokenPurpose
  readonly userId: string
  /** The address the link is for: it works only while that address is still the account's. */
  readonly email: string
  readonly nowMs: number
  readonly lifetimeMs: number
}): { readonly token: string; readonly record: OneTimeTokenRecord } => {
  const token = newOpaqueToken()
  return {
    token,
    record: {
      id: crypto.randomUUID(),
      purpose: link.purpose,
      userId: link.userId,
      email: link.email,
      linkHash: sha256Hex(token),
      codeHash: null,
      createdAt: new Date(link.nowMs).toISOString(),
      linkExpiresAt: new Date(link.nowMs + link.lifetimeMs).toISOString(),
      codeExpiresAt: null,
      codeAttempts: 0,
      consumedAt: null
    }
  }
}
