/** A session ends at its absolute `expiresAt`, or after `idleTimeoutMs` without a request. */
export const sessionHasExpired = (
  session: { readonly expiresAt: string; readonly lastSeenAt: string },
  nowMs: number,
  idleTimeoutMs: number
): boolean => nowMs >= Date.parse(session.expiresAt) || nowMs - Date.parse(session.lastSeenAt) >= idleTimeoutMs
