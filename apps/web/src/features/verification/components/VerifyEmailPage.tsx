import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { useEffect, useRef } from "react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Page } from "../../../components/Page.tsx"
import { formatDateTime } from "../../../lib/format/formatDateTime.ts"
import { useLinkToken } from "../../../lib/links/useLinkToken.ts"
import { useSession } from "../../../lib/session/useSession.ts"
import { ResendVerificationButton } from "./ResendVerificationButton.tsx"

/**
 * Where the emailed link lands, on whatever device opened it, signed in or not. Opening the link
 * confirms the address, and every signed-in session of the account shows it at once, with one
 * exception: an account that never confirmed an address, opened on a device not signed in to
 * it. Then anyone could have made it with this address (and kept its session, waiting for the
 * owner to confirm), so the page first says when and from which device it was made, and asks.
 * "This wasn't me" deletes it.
 */
export const VerifyEmailPage = ({
  describeDevice
}: {
  /** "Chrome on Android", from a User-Agent; the app brings it from the sessions feature. */
  readonly describeDevice: (userAgent: string | null) => string
}) => {
  const trpc = useVerity()
  const { session } = useSession()
  const token = useLinkToken()
  const details = useMutation(trpc.recovery.confirmationLinkDetails.mutationOptions())
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions())
  const reject = useMutation(trpc.recovery.rejectSignUp.mutationOptions())

  const { mutate: lookUp } = details
  const { mutate: confirm } = verify

  // Once per page, even when React runs effects twice in development: a token works only once.
  const looked = useRef(false)
  useEffect(() => {
    if (token === "" || looked.current) return
    looked.current = true
    lookUp({ token })
  }, [token, lookUp])

  const signedInToIt =
    session.status === "signedIn" && details.data !== undefined && session.whoami.user.email === details.data.email
  const mustAsk = details.data?.newAccount === true && !signedInToIt
  const sent = useRef(false)
  useEffect(() => {
    if (details.data === undefined || session.status === "loading" || mustAsk || sent.current) return
    sent.current = true
    confirm({ token })
  }, [details.data, session.status, mustAsk, confirm, token])

  const signedIn = session.status === "signedIn"
  const failure = details.error ?? verify.error ?? reject.error
  const asking = mustAsk && verify.isIdle && reject.isIdle
  return (
    <Page title="Confirm your email">
      {token === "" && (
        <Alert tone="error">
          This link is incomplete. Open it again from the email, or copy the whole address into the browser.
        </Alert>
      )}
      {(details.isPending || verify.isPending) && <p role="status">Confirming your email address…</p>}
      {asking && details.data?.newAccount === true && (
        <section className="card" aria-labelledby="was-it-you">
          <h2 id="was-it-you">Did you create this account?</h2>
          <p>
            Someone signed up with <strong className="email-address">{details.data.email}</strong>. Confirm only if it
            was you.
          </p>
          <dl className="details details--compact">
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(details.data.createdAt)}</dd>
            </div>
            <div>
              <dt>From</dt>
              <dd>{describeDevice(details.data.createdFrom?.userAgent ?? null)}</dd>
            </div>
            <div>
              <dt>IP address</dt>
              <dd>{details.data.createdFrom?.ip ?? "Unknown"}</dd>
            </div>
          </dl>
          <ul className="actions">
            <li>
              <button type="button" className="button" onClick={() => confirm({ token })}>
                Yes, it was me: confirm
              </button>
            </li>
            <li>
              <button type="button" className="button button--danger" onClick={() => reject.mutate({ token })}>
                This wasn't me: delete it
              </button>
            </li>
          </ul>
        </section>
      )}
      {reject.isPending && <p role="status">Deleting the account…</p>}
      {reject.isSuccess && (
        <Alert tone="success">
          <p>
            The account was deleted and every device signed in to it was signed out. Nobody can use your address with
            it. You can <Link to="/sign-up">create an account</Link> of your own whenever you like.
          </p>
        </Alert>
      )}
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
      {failure !== null && (
        <>
          <FailureAlert error={failure} />
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
