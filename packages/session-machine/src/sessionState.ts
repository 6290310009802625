import type { RevokeReason, SessionStateName } from "@verity/domain"
import type { SessionSnapshot } from "./sessionSnapshot.ts"

/**
 * The public name of the session's state. The machine's full state also says whether the session
 * is current or waiting for a reload (`active.freshness`); that is an internal matter of the
 * server, so clients see only whether the session is active and whether its email is confirmed.
 */
export const sessionStateName = (snapshot: SessionSnapshot): SessionStateName => {
  if (snapshot.matches({ active: { email: "verified" } })) return "active.verified"
  if (snapshot.matches("active")) return "active.unverified"
  return "revoked"
}

export const isActive = (snapshot: SessionSnapshot): boolean => snapshot.matches("active")

export const isRevoked = (snapshot: SessionSnapshot): boolean => snapshot.matches("revoked")

/** Waiting for the user to be reloaded from the store after a missed change. */
export const isStale = (snapshot: SessionSnapshot): boolean => snapshot.matches({ active: { freshness: "stale" } })

export const revokedReason = (snapshot: SessionSnapshot): RevokeReason | null =>
  isRevoked(snapshot) ? snapshot.context.revokedReason : null
