import { Navigate, Outlet, useLocation } from "react-router"
import { useSession } from "../../../lib/session/useSession.ts"
import type { SignInState } from "./RequireSession.tsx"
import { SessionPending } from "./SessionPending.tsx"

const isSignInState = (state: unknown): state is SignInState =>
  typeof state === "object" && state !== null && (!("returnTo" in state) || typeof state.returnTo === "string")

/**
 * Sign-in and sign-up forms: once signed in (by this form, or in another tab), on to where the
 * user was going, else to `afterSignIn`. The redirect follows the session itself, so it cannot
 * race the form's own navigation.
 */
export const SignedOutOnly = ({ afterSignIn }: { readonly afterSignIn: string }) => {
  const { session } = useSession()
  const location = useLocation()
  if (session.status === "signedOut") return <Outlet />
  if (session.status === "signedIn") {
    const returnTo = isSignInState(location.state) ? location.state.returnTo : undefined
    return <Navigate to={returnTo ?? afterSignIn} replace />
  }
  return <SessionPending session={session} />
}
