import type { Whoami } from "./sessionContext.ts"

/**
 * The names of a session's states (`Whoami.session.state`), as the API's session machine calls
 * them (@verity/session-machine's SessionStateName, which the web app cannot import). The API
 * still types the field as a string; once it sends this union, this can be read from Whoami.
 */
export type SessionStateName = "active.unverified" | "active.verified" | "revoked"

// Checked against the union, so a misspelt state does not compile, whichever way the API types it.
const verified = "active.verified" satisfies SessionStateName

// The product's rules that depend on the session, asked of the state the session machine is in
// (as the API's own gates do), never of a field copied from the user.

/** The account's email address is confirmed. */
export const hasConfirmedEmail = (whoami: Whoami): boolean => whoami.session.state === verified

/** The contact form is open: support needs a confirmed address to write back to. */
export const canContactSupport = (whoami: Whoami): boolean => hasConfirmedEmail(whoami)
