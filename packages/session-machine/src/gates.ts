import type { SessionStateName } from "@verity/domain"

// Every product rule that depends on a session's state, as a question about its public state
// name. The server asks with the live session's state (`sessionStateName(snapshot)`), the web
// app with `whoami.session.state`: one rule, in one place, for both. This file imports no
// XState, so a browser bundle that asks these questions does not carry the machine.

export const hasConfirmedEmail = (state: SessionStateName): boolean => state === "active.verified"

export const canContactSupport = (state: SessionStateName): boolean => hasConfirmedEmail(state)
