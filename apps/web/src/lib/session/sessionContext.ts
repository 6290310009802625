import type { VerityOutputs } from "@verity/client/react"
import { createContext } from "react"

export type Whoami = VerityOutputs["session"]["whoami"]

/** What this browser knows about its session, always from the live `session.changes` stream. */
export type Session =
  | { readonly status: "loading" }
  /** The API did not answer (offline, restarting): nothing is known, so nothing is shown as fact. */
  | { readonly status: "unreachable"; readonly retry: () => void }
  /** `endedBecause` is the server's `revokedReason` when a session of this browser just ended. */
  | { readonly status: "signedOut"; readonly endedBecause: string | null }
  | { readonly status: "signedIn"; readonly whoami: Whoami }

export type SessionContextValue = {
  readonly session: Session
  /** After sign-up or sign-in: the answer's Whoami becomes the session at once. */
  readonly signedIn: (whoami: Whoami) => void
  /** After this browser's own sign-out. */
  readonly signedOut: () => void
}

export const SessionContext = createContext<SessionContextValue | null>(null)
