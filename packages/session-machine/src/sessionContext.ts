/** The user's public fields as a session sees them; `whoami` answers from these. */
export type SessionUser = {
  readonly id: string
  readonly email: string
  readonly emailConfirmed: boolean
  readonly status: "active" | "suspended"
  readonly createdAt: string
}

/** The login session itself, as shown in `session.list`. */
export type SessionInfo = {
  readonly id: string
  readonly createdAt: string
  readonly lastSeenAt: string
  readonly expiresAt: string
  readonly userAgent: string | null
  readonly ip: string | null
  readonly label: string | null
}

/** Why a session ended. Once a session has one it can never be active again (G4). */
export type RevokeReason = "signedOut" | "revokedByUser" | "passwordChanged" | "passwordReset" | "suspended" | "expired"

export type SessionContext = {
  readonly user: SessionUser
  /** The store's version of `user`; events are applied only in version order. */
  readonly userVersion: number
  readonly session: SessionInfo
  readonly revokedReason: RevokeReason | null
  /** A version gap was seen: the owner must reload the user from the store and send SYNC. */
  readonly reloadNeeded: boolean
}

/**
 * What the store holds for a session. A `revokedReason` means the session was revoked
 * before it was loaded, so it starts (and stays) revoked.
 */
export type SessionInput = {
  readonly user: SessionUser
  readonly userVersion: number
  readonly session: SessionInfo
  readonly revokedReason?: RevokeReason | null
}
