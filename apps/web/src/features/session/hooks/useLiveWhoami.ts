import { useQueryClient } from "@tanstack/react-query"
import { apiFailureOf, useSubscription, useVerity } from "@verity/client/react"
import { useEffect, useRef } from "react"

/** A stream that failed for any reason other than the session ending is restarted after this. */
const restartDelayMs = 2_000

/**
 * Keeps the cached Whoami equal to the server's while `sessionId` is signed in (null: no session
 * to follow): `session.changes` sends it at once and again on every change (email confirmed,
 * email changed, …), so every page that shows it updates with no reload. When the session ends,
 * the stream ends with the reason, and `onEnded` hears it.
 */
export const useLiveWhoami = (sessionId: string | null, onEnded: (revokedReason: string | null) => void): void => {
  const trpc = useVerity()
  const queryClient = useQueryClient()
  const { status, reset } = useSubscription(
    trpc.session.changes.subscriptionOptions(undefined, {
      enabled: sessionId !== null,
      onData: (event) => queryClient.setQueryData(trpc.session.whoami.queryKey(), event.data),
      onError: (error) => {
        const failure = apiFailureOf(error)
        if (failure?.reason === "SESSION_REVOKED" || failure?.reason === "UNAUTHENTICATED")
          onEnded(failure.revokedReason ?? null)
      }
    })
  )

  // The stream belongs to the session whose cookie opened it. When this browser signs in to
  // another session (here, or in another tab) without signing out first, the old stream would
  // keep sending the old session's Whoami, so it is reopened with the new cookie.
  const followedSessionId = useRef(sessionId)
  useEffect(() => {
    const previous = followedSessionId.current
    followedSessionId.current = sessionId
    if (previous !== null && sessionId !== null && previous !== sessionId) reset()
  }, [sessionId, reset])

  useEffect(() => {
    if (status !== "error") return
    const timer = setTimeout(reset, restartDelayMs)
    return () => clearTimeout(timer)
  }, [status, reset])
}
