import type { SessionContext } from "./sessionContext.ts"

/**
 * When a session ends by itself: at its absolute `expiresAt`, or `idleTimeoutMs` after it was
 * last seen, whichever comes first (epoch ms). The machine's expiry guard and the timer that ends
 * an idle stream both read this, so there is one rule.
 */
export const sessionEndsAt = (context: SessionContext): number =>
  Math.min(Date.parse(context.session.expiresAt), Date.parse(context.session.lastSeenAt) + context.idleTimeoutMs)
