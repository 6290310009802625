import { useQueryClient } from "@tanstack/react-query"
import { apiFailureOf, useSubscription, useVerity } from "@verity/client/react"
import { useEffect } from "react"

/** A stream that failed for any reason other than the session ending is restarted after this. */
const restartDelayMs = 2_000

/**
 * Keeps the cached Whoami equal to the server's: `session.changes` sends it at once and again on
 * every change (email confirmed, email changed, …), so every page that shows it updates with no
 * reload. When the session ends, the stream ends with the reason.
 */
export const LiveWhoami = ({ onEnded }: { readonly onEnded: (revokedReason: string | null) => void }) => {
  const trpc = useVerity()
  const queryClient = useQueryClient()
  const subscription = useSubscription(
    trpc.session.changes.subscriptionOptions(undefined, {
      onData: (event) => queryClient.setQueryData(trpc.session.whoami.queryKey(), event.data),
      onError: (error) => {
        const failure = apiFailureOf(error)
        if (failure?.reason === "SESSION_REVOKED" || failure?.reason === "UNAUTHENTICATED")
          onEnded(failure.revokedReason ?? null)
      }
    })
  )
  const { status, reset } = subscription
  useEffect(() => {
    if (status !== "error") return
    const timer = setTimeout(reset, restartDelayMs)
    return () => clearTimeout(timer)
  }, [status, reset])
  return null
}
