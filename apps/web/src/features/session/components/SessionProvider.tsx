import { hashKey, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query"
import { apiFailureOf, useVerity } from "@verity/client/react"
import { type ReactNode, useEffect, useState } from "react"
import { type Session, SessionContext, type Whoami } from "../../../lib/session/sessionContext.ts"
import { useLiveWhoami } from "../hooks/useLiveWhoami.ts"
import { announceSignIn, listenForSignInElsewhere } from "../utils/sessionBroadcast.ts"

/** A session of this browser that ended, and why; a later sign-in is a different session. */
type EndedSession = { readonly sessionId: string; readonly reason: string | null }

/**
 * Owns the session: asks `session.whoami` once, then keeps it live with `session.changes`.
 * The cookie is HttpOnly, so asking the API is the only way to know whether we are signed in.
 */
export const SessionProvider = ({ children }: { readonly children: ReactNode }) => {
  const trpc = useVerity()
  const queryClient = useQueryClient()
  const whoami = useQuery(trpc.session.whoami.queryOptions())
  const [ended, setEnded] = useState<EndedSession | null>(null)
  const refreshWhoami = () => void queryClient.invalidateQueries(trpc.session.whoami.queryFilter())

  useEffect(
    () => listenForSignInElsewhere(() => void queryClient.invalidateQueries(trpc.session.whoami.queryFilter())),
    [queryClient, trpc]
  )

  const session = sessionOf(whoami, ended, refreshWhoami)

  const signedIn = (next: Whoami) => {
    // Nothing another account's session loaded may show in this one.
    const whoamiHash = hashKey(trpc.session.whoami.queryKey())
    queryClient.removeQueries({ predicate: (query) => query.queryHash !== whoamiHash })
    queryClient.setQueryData(trpc.session.whoami.queryKey(), next)
    setEnded(null)
    announceSignIn()
  }

  const endSession = (reason: string | null) => {
    if (session.status !== "signedIn") return
    setEnded({ sessionId: session.whoami.session.id, reason })
    refreshWhoami()
  }

  useLiveWhoami(session.status === "signedIn" ? session.whoami.session.id : null, endSession)

  return (
    <SessionContext value={{ session, signedIn, signedOut: () => endSession("signedOut") }}>{children}</SessionContext>
  )
}

const sessionOf = (whoami: UseQueryResult<Whoami, unknown>, ended: EndedSession | null, retry: () => void): Session => {
  if (whoami.isPending) return { status: "loading" }
  if (whoami.isError) {
    const failure = apiFailureOf(whoami.error)
    if (failure?.reason === "SESSION_REVOKED" || failure?.reason === "UNAUTHENTICATED") {
      return { status: "signedOut", endedBecause: failure.revokedReason ?? ended?.reason ?? null }
    }
    return { status: "unreachable", retry }
  }
  if (whoami.data.session.id === ended?.sessionId) return { status: "signedOut", endedBecause: ended.reason }
  return { status: "signedIn", whoami: whoami.data }
}
