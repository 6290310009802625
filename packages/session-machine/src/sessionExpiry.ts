import type { SessionContext } from "./sessionContext.ts"

/** `lastSeenAt` moves at most once a second: a busy session does not make a new snapshot per request. */
const lastSeenGranularityMs = 1_000

/**
 * When a session ends by itself: at its absolute `expiresAt`, or `idleTimeoutMs` after it was
 * last seen, whichever comes first (epoch ms). The machine's expiry guard and the timer that ends
 * an idle stream both read this, so there is one rule.
 */
export const sessionEndsAt = (context: SessionContext): number =>
  Math.min(Date.parse(context.session.expiresAt), Date.parse(context.session.lastSeenAt) + context.idleTimeoutMs)

/** The machine's `hasExpired` guard: at `atMs` the session is over. */
export const hasExpiredAt = (context: SessionContext, atMs: number): boolean => atMs >= sessionEndsAt(context)

/** The machine's `movesLastSeen` guard: a request at `atMs` is worth recording as "last seen". */
export const movesLastSeenAt = (context: SessionContext, atMs: number): boolean =>
  atMs - Date.parse(context.session.lastSeenAt) >= lastSeenGranularityMs

/**
 * Whether a TOUCH at `atMs` would change anything: the session's guards say so (expired, or a
 * new second), so an owner on a hot path can skip building the event and the step when it would
 * be a no-op. The answer is the machine's own, read from the same predicates as its guards.
 */
export const touchMatters = (context: SessionContext, atMs: number): boolean =>
  hasExpiredAt(context, atMs) || movesLastSeenAt(context, atMs)
