import type { User } from "@verity/domain"
import type { SessionInfo } from "@verity/session-machine"
import type { SessionRecord, UserRecord } from "@verity/store"

/** The user as sessions and clients see it: the stored record without its secrets. */
export const publicUser = (record: UserRecord): User => ({
  id: record.id,
  email: record.email,
  emailConfirmed: record.emailConfirmed,
  status: record.status,
  createdAt: record.createdAt
})

export const sessionInfo = (record: SessionRecord): SessionInfo => ({
  id: record.id,
  createdAt: record.createdAt,
  lastSeenAt: record.lastSeenAt,
  expiresAt: record.expiresAt,
  userAgent: record.userAgent,
  ip: record.ip
})
