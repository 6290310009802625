/**
 * Follows one user's sessions live through `inspect.watchUser` (server-sent events). A trail
 * entry of a session the picture does not have yet (one just signed in) asks for the whole
 * picture again. A stream that fails is reopened; one that ends because the inspector sign-in
 * ended tells `onSignedOut`.
 */
import { useQueryClient } from "@tanstack/react-query"
import { apiFailureOf, useSubscription, useVerity, useVerityClient } from "@verity/client/react"
import { useEffect, useState } from "react"
import { foldLiveMessage, type LiveMessage, type UserSessions } from "../liveUserSessions.ts"

/** A stream that failed for another reason than the sign-in ending is reopened after this. */
const reopenDelayMs = 2_000

export type LiveUserSessions = {
  readonly picture: UserSessions | null
  readonly status: "connecting" | "live" | "reconnecting"
}

export const useLiveUserSessions = (userId: string, onSignedOut: () => void): LiveUserSessions => {
  const trpc = useVerity()
  const client = useVerityClient()
  const queryClient = useQueryClient()
  const [picture, setPicture] = useState<UserSessions | null>(null)

  useEffect(() => setPicture(null), [userId])

  const refetchWhole = () =>
    void client.inspect.sessionsOf.query({ userId }).then(
      (whole) => setPicture(whole),
      () => undefined
    )

  const { status, reset } = useSubscription(
    trpc.inspect.watchUser.subscriptionOptions(
      { userId },
      {
        onData: (message: LiveMessage) =>
          setPicture((current) => {
            const folded = foldLiveMessage(current, message)
            if (folded.kind === "folded") return folded.picture
            refetchWhole()
            return current
          }),
        onError: (error) => {
          if (apiFailureOf(error)?.reason === "UNAUTHENTICATED") {
            void queryClient.invalidateQueries()
            onSignedOut()
          }
        }
      }
    )
  )

  useEffect(() => {
    if (status !== "error") return
    const timer = setTimeout(reset, reopenDelayMs)
    return () => clearTimeout(timer)
  }, [status, reset])

  return { picture, status: status === "pending" ? "live" : status === "error" ? "reconnecting" : "connecting" }
}
