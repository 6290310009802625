import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { useEffect, useRef } from "react"
import { Link, useSearchParams } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Page } from "../../../components/Page.tsx"
import { useSession } from "../../../lib/session/useSession.ts"
import { ResendVerificationButton } from "./ResendVerificationButton.tsx"

/**
 * Where the emailed link lands, on whatever device opened it, signed in or not. Opening the link
 * is the confirmation; every signed-in session of the account shows it at once.
 */
export const VerifyEmailPage = () => {
  const trpc = useVerity()
  const { session } = useSession()
  const [searchParams] = useSearchParams()
  const token = searchParams.get("token")
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions())
  const { mutate } = verify
  // Once per page, even when React runs effects twice in development: a token works only once.
  const sent = useRef(false)
  useEffect(() => {
    if (token === null || token === "" || sent.current) return
    sent.current = true
    mutate({ token })
  }, [token, mutate])

  const signedIn = session.status === "signedIn"
  return (
    <Page title="Confirm your email">
      {(token === null || token === "") && (
        <Alert tone="error">
          This link is incomplete. Open it again from the email, or copy the whole address into the browser.
        </Alert>
      )}
      {verify.isPending && <p role="status">Confirming your email address…</p>}
      {verify.isSuccess && (
        <>
          <Alert tone="success">
            <p>Your email address is confirmed. Every device signed in to your account shows it now.</p>
          </Alert>
          <p>
            {signedIn ? (
              <Link className="button" to="/account">
                Go to your account
              </Link>
            ) : (
              <Link className="button" to="/sign-in">
                Sign in
              </Link>
            )}
          </p>
        </>
      )}
      {verify.isError && (
        <>
          <FailureAlert error={verify.error} />
          {signedIn ? (
            <ResendVerificationButton />
          ) : (
            <p>
              <Link to="/sign-in">Sign in</Link> to have a new link sent.
            </p>
          )}
        </>
      )}
    </Page>
  )
}
