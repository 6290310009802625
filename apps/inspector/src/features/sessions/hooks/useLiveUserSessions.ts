/**
 * Follows one user's sessions live through `inspect.watchUser` (server-sent events). A trail
 * entry of a session the picture does not have yet (one just signed in) asks for the whole
 * picture again. A stream that fails is reopened; one that ends because the inspector sign-in
 * ended tells `onSignedOut`.
 */
import { apiFailureOf, useSubscription, useVerity, useVerityClient } from "@verity/client/react"
import { useEffect, useRef, useState } from "react"
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
  const [picture, setPicture] = useState<UserSessions | null>(null)
  // What the stream's handler folds into: the state's value, without waiting for a render.
  const current = useRef<UserSessions | null>(null)
  const show = (next: UserSessions | null) => {
    current.current = next
    setPicture(next)
  }

  useEffect(() => show(null), [userId])

  // A failed ask leaves the picture as it was; the next step of that session asks again.
  const refetchWhole = () => void client.inspect.sessionsOf.query({ userId }).then(show, () => undefined)

  const { status, reset } = useSubscription(
    trpc.inspect.watchUser.subscriptionOptions(
      { userId },
      {
        onData: (message: LiveMessage) => {
          const folded = foldLiveMessage(current.current, message)
          if (folded.kind === "folded") show(folded.picture)
          else refetchWhole()
        },
        onError: (error) => {
          if (apiFailureOf(error)?.reason === "UNAUTHENTICATED") onSignedOut()
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
