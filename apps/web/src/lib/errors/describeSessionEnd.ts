import type { RevokedReason } from "@verity/client/react"

// The server says why a session ended; every reason gets its own explanation (the table is typed
// by the API's reasons, so a new one does not compile without its words), so a user whose
// session ended on another device knows what happened and whether to worry.
const explanations: { readonly [Reason in RevokedReason]: string } = {
  signedOut: "You signed out.",
  revokedByUser: "You were signed out: this session was ended from another device.",
  passwordChanged: "You were signed out because the password was changed on another device.",
  passwordReset: "You were signed out because the password was reset.",
  suspended: "You were signed out because this account was suspended.",
  expired: "Your session expired. Please sign in again.",
  accountRecovered:
    "You were signed out: the owner of this account's previous email address took it back after an email change they did not make.",
  accountDeleted:
    "You were signed out: the owner of this email address said they did not create this account, so it was deleted."
}

/** Why this browser is no longer signed in, in one sentence. */
export const describeSessionEnd = (revokedReason: string | null): string =>
  revokedReason !== null && Object.hasOwn(explanations, revokedReason)
    ? explanations[revokedReason as RevokedReason]
    : "Your session has ended. Please sign in again."
