import type { SnapshotFrom } from "xstate"
import type { RevokeReason } from "./sessionContext.ts"
import type { sessionMachine } from "./sessionMachine.ts"

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>

/** The public name of a session's state (`Whoami.session.state`); clients may rely on it. */
export type SessionStateName = "active.unverified" | "active.verified" | "revoked"

// Every product rule that depends on the session's state is read here, from the machine,
// so no caller re-derives it from a cached field.

export const isActive = (snapshot: SessionSnapshot): boolean => snapshot.matches("active")

export const isRevoked = (snapshot: SessionSnapshot): boolean => snapshot.matches("revoked")

export const hasConfirmedEmail = (snapshot: SessionSnapshot): boolean => snapshot.matches({ active: "verified" })

export const canContactSupport = (snapshot: SessionSnapshot): boolean => hasConfirmedEmail(snapshot)

export const revokedReason = (snapshot: SessionSnapshot): RevokeReason | null =>
  isRevoked(snapshot) ? snapshot.context.revokedReason : null

/** The owner must reload the user from the store and send SYNC. */
export const needsReload = (snapshot: SessionSnapshot): boolean => isActive(snapshot) && snapshot.context.reloadNeeded

export const sessionStateName = (snapshot: SessionSnapshot): SessionStateName => {
  if (snapshot.matches({ active: "verified" })) return "active.verified"
  if (snapshot.matches({ active: "unverified" })) return "active.unverified"
  return "revoked"
}
