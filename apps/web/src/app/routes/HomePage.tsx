import { Navigate } from "react-router"
import { SessionPending } from "../../features/session/components/SessionPending.tsx"
import { useSession } from "../../lib/session/useSession.ts"

/** The site's root: your account if you are signed in, else the sign-in page. */
export const HomePage = () => {
  const { session } = useSession()
  if (session.status === "signedIn") return <Navigate to="/account" replace />
  if (session.status === "signedOut") return <Navigate to="/sign-in" replace />
  return <SessionPending session={session} />
}
