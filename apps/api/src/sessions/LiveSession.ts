import type { SessionSnapshot } from "@verity/session-machine"

/**
 * One login session held in memory: the machine snapshot is the session actor's state, advanced
 * only by the SessionManager (XState's pure transition API; see SessionManager.ts for why).
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
