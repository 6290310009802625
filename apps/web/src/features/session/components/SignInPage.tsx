import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { submittedFields } from "../../../components/form/submittedFields.ts"
import { Page } from "../../../components/Page.tsx"
import { describeSessionEnd } from "../../../lib/errors/describeSessionEnd.ts"
import { useSession } from "../../../lib/session/useSession.ts"

export const SignInPage = () => {
  const trpc = useVerity()
  const { session, signedIn } = useSession()
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: (answer) => signedIn(answer.whoami) }))
  const endedBecause = session.status === "signedOut" ? session.endedBecause : null
  return (
    <Page title="Sign in">
      {endedBecause !== null && !signIn.isPending && (
        <Alert tone={endedBecause === "signedOut" ? "info" : "warning"}>{describeSessionEnd(endedBecause)}</Alert>
      )}
      <form
        className="card form"
        onSubmit={(event) => {
          const field = submittedFields(event)
          signIn.mutate({ email: field("email"), password: field("password") })
        }}
      >
        <Field label="Email address" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <FailureAlert error={signIn.error} />
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
        <p>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
      <p className="aside">
        New to Verity? <Link to="/sign-up">Create an account</Link>
      </p>
    </Page>
  )
}
