import { type SessionSnapshot, startSession } from "@verity/session-machine"
import type { SessionRecord, UserRecord } from "@verity/store"
import type { User } from "@verity/domain"
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

const sameUser = (a: User, b: User) =>
  a.id === b.id &&
  a.email === b.email &&
  a.emailConfirmed === b.emailConfirmed &&
  a.status === b.status &&
  a.createdAt === b.createdAt

/**
 * The actor of a stored session, made live by a request (or a sign-in) at `nowMs`. `sibling` is
 * another live session of the user, if any: when it holds the same version of the user, the new
 * one shares that user object instead of a copy of its own (a rebuilt session reads its own).
 */
export const liveSessionOf = (
  record: SessionRecord,
  user: UserRecord,
  idleTimeoutMs: number,
  nowMs: number,
  sibling?: LiveSession
): LiveSession => ({
  sessionId: record.id,
  userId: record.userId,
  tokenHash: record.tokenHash,
  snapshot: startSession({
    user: userFor(user, sibling),
    userVersion: user.version,
    session: sessionInfo(record),
    idleTimeoutMs,
    revokedReason: record.revokedReason
  }),
  lastRequestAt: nowMs,
  lastSeenPersistedAt: Date.parse(record.lastSeenAt)
})

const userFor = (user: UserRecord, sibling: LiveSession | undefined): User => {
  const own = publicUser(user)
  const held = sibling?.snapshot.context
  return held !== undefined && held.userVersion === user.version && sameUser(held.user, own) ? held.user : own
}
