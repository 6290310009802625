import * as gates from "@verity/session-machine/gates"
import type { Whoami } from "./sessionContext.ts"

// The product's rules that depend on the session, asked of the state the session machine is in
// with the very predicates the API asks (@verity/session-machine/gates, which carries no
// XState), never of a field copied from the user.

/** The account's email address is confirmed. */
export const hasConfirmedEmail = (whoami: Whoami): boolean => gates.hasConfirmedEmail(whoami.session.state)

/** The contact form is open: support needs a confirmed address to write back to. */
export const canContactSupport = (whoami: Whoami): boolean => gates.canContactSupport(whoami.session.state)
