import { type SessionSnapshot, startSession } from "@verity/session-machine"
import type { SessionRecord, UserRecord } from "@verity/store"
import { publicUser, sessionInfo } from "../sessionRecords.ts"

/**
 * One login session held in memory: the machine snapshot is the session actor's state, advanced
 * only through the SessionRegistry (XState's pure transition; see SessionRegistry.ts for why).
 */
export type LiveSession = {
  readonly sessionId: string
  readonly userId: string
  readonly tokenHash: string
  snapshot: SessionSnapshot
  /** When a request last used it (epoch ms): idle actors leave memory. */
  lastRequestAt: number
  /** When `lastSeenAt` was last written to the store (epoch ms). */
  lastSeenPersistedAt: number
}

/** The actor of a stored session, made live by a request (or a sign-in) at `nowMs`. */
export const liveSessionOf = (
  record: SessionRecord,
  user: UserRecord,
  idleTimeoutMs: number,
  nowMs: number
): LiveSession => ({
  sessionId: record.id,
  userId: record.userId,
  tokenHash: record.tokenHash,
  snapshot: startSession({
    user: publicUser(user),
    userVersion: user.version,
    session: sessionInfo(record),
    idleTimeoutMs,
    revokedReason: record.revokedReason
  }),
  lastRequestAt: nowMs,
  lastSeenPersistedAt: Date.parse(record.lastSeenAt)
})
