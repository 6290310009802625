import { Navigate, Outlet, useLocation } from "react-router"
import { useSession } from "../../../lib/session/useSession.ts"
import { SessionPending } from "./SessionPending.tsx"

/** Where sign-in returns to after a session ended on a page that needs one. */
export type SignInState = { readonly returnTo?: string }

/** Pages that need a session: shown while signed in; otherwise (also when the session ends) the sign-in page. */
export const RequireSession = () => {
  const { session } = useSession()
  const location = useLocation()
  if (session.status === "signedIn") return <Outlet />
  if (session.status === "signedOut") {
    const state: SignInState = { returnTo: `${location.pathname}${location.search}` }
    return <Navigate to="/sign-in" replace state={state} />
  }
  return <SessionPending session={session} />
}
