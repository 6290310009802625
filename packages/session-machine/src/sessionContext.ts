import type { RevokeReason, User } from "@verity/domain"

/** The user's public fields as a session sees them; `whoami` answers from these. */
export type SessionUser = User

/** The login session itself, as shown in `session.list`. */
export type SessionInfo = {
  readonly id: string
  readonly createdAt: string
  readonly lastSeenAt: string
  /** The absolute end of the session, however active it is. */
  readonly expiresAt: string
  readonly userAgent: string | null
  readonly ip: string | null
}

export type SessionContext = {
  readonly user: SessionUser
  /** The store's version of `user`; events are applied only in version order. */
  readonly userVersion: number
  readonly session: SessionInfo
  /** A session ends after this long without a request (the sliding idle timeout). */
  readonly idleTimeoutMs: number
  readonly revokedReason: RevokeReason | null
}

/**
 * What the store holds for a session. A `revokedReason` means the session was revoked
 * before it was loaded, so it starts (and stays) revoked.
 */
export type SessionInput = {
  readonly user: SessionUser
  readonly userVersion: number
  readonly session: SessionInfo
  readonly idleTimeoutMs: number
  readonly revokedReason?: RevokeReason | null
}
