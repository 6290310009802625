// The server says why a session ended; every reason gets its own explanation, so a user whose
// session ended on another device knows what happened and whether to worry.
const explanations: Record<string, string> = {
  signedOut: "You signed out.",
  revokedByUser: "You were signed out: this session was ended from another device.",
  passwordChanged: "You were signed out because the password was changed on another device.",
  passwordReset: "You were signed out because the password was reset.",
  suspended: "You were signed out because this account was suspended.",
  expired: "Your session expired. Please sign in again."
}

/** Why this browser is no longer signed in, in one sentence. */
export const describeSessionEnd = (revokedReason: string | null): string =>
  (revokedReason === null ? undefined : explanations[revokedReason]) ?? "Your session has ended. Please sign in again."
