import { Alert } from "../../../components/Alert.tsx"
import { describeSessionEnd } from "../../../lib/errors/describeSessionEnd.ts"
import { useSession } from "../../../lib/session/useSession.ts"

/**
 * Why this browser is signed out, when one of its sessions just ended: here, in another tab or
 * from another device. Only a sign-out by the user is not a warning.
 */
export const SessionEndedNotice = () => {
  const { session } = useSession()
  if (session.status !== "signedOut" || session.endedBecause === null) return null
  return (
    <Alert tone={session.endedBecause === "signedOut" ? "info" : "warning"}>
      {describeSessionEnd(session.endedBecause)}
    </Alert>
  )
}
