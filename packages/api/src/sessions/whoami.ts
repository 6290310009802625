import type { Whoami } from "@verity/domain"
import { type SessionSnapshot, sessionStateName } from "@verity/session-machine"

/** `whoami` is the actor's current context: no store read. */
export const whoamiOf = (snapshot: SessionSnapshot): Whoami => {
  const { user, session, userVersion } = snapshot.context
  return {
    user: {
      id: user.id,
      email: user.email,
      emailConfirmed: user.emailConfirmed,
      status: user.status,
      createdAt: user.createdAt
    },
    session: {
      id: session.id,
      state: sessionStateName(snapshot),
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt
    },
    userVersion
  }
}
