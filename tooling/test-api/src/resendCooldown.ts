/**
 * Every verification email waits RESEND_COOLDOWN after the last one to its user, an email
 * change's too. Test servers that change an address soon after signing up set it short, and wait
 * it out in real time: the cool-down is counted by the store's rate-limit counters, where a test's
 * adjustable clock does not reach.
 */
export const shortResendCooldownMs = 1_000

/** The env a test server takes to use the short cool-down. */
export const shortResendCooldown = { RESEND_COOLDOWN: `${shortResendCooldownMs} millis` } as const

export const waitOutResendCooldown = (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, shortResendCooldownMs + 100))
