import { useQueryClient } from "@tanstack/react-query"
import { apiFailureOf, useSubscription, useVerity } from "@verity/client/react"
import { useEffect, useRef, useState } from "react"

/** A stream that failed for any reason other than the session ending is restarted after this. */
const restartDelayMs = 2_000

/** Reopens the stream the next time this tab is looked at again. */
const onNextLook = (reopen: () => void): (() => void) => {
  const looked = () => {
    if (document.visibilityState === "visible") reopen()
  }
  document.addEventListener("visibilitychange", looked)
  window.addEventListener("focus", looked)
  return () => {
    document.removeEventListener("visibilitychange", looked)
    window.removeEventListener("focus", looked)
  }
}

/**
 * Keeps the cached Whoami equal to the server's while `sessionId` is signed in (null: no session
 * to follow): `session.changes` sends it at once and again on every change (email confirmed,
 * email changed, …), so every page that shows it updates with no reload. When the session ends,
 * the stream ends with the reason, and `onEnded` hears it. When the server ends it because newer
 * tabs of this session hold the streams it allows (TOO_MANY_STREAMS), this tab waits until it is
 * looked at again before reopening one, so tabs never take the stream from each other in a loop.
 */
export const useLiveWhoami = (sessionId: string | null, onEnded: (revokedReason: string | null) => void): void => {
  const trpc = useVerity()
  const queryClient = useQueryClient()
  const [superseded, setSuperseded] = useState(false)
  const { status, reset } = useSubscription(
    trpc.session.changes.subscriptionOptions(undefined, {
      enabled: sessionId !== null,
      onData: (event) => queryClient.setQueryData(trpc.session.whoami.queryKey(), event.data),
      onError: (error) => {
        const failure = apiFailureOf(error)
        setSuperseded(failure?.reason === "TOO_MANY_STREAMS")
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
    if (superseded) return onNextLook(reset)
    const timer = setTimeout(reset, restartDelayMs)
    return () => clearTimeout(timer)
  }, [status, superseded, reset])
}
