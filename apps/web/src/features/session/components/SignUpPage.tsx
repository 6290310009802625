import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { newPasswordHint } from "../../../components/form/passwordHint.ts"
import { submittedFields } from "../../../components/form/submittedFields.ts"
import { Page } from "../../../components/Page.tsx"
import { useSession } from "../../../lib/session/useSession.ts"

export const SignUpPage = () => {
  const trpc = useVerity()
  const { signedIn } = useSession()
  const signUp = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess: (answer) => signedIn(answer.whoami) }))
  return (
    <Page title="Create your account">
      <form
        className="card form"
        onSubmit={(event) => {
          const field = submittedFields(event)
          signUp.mutate({ email: field("email"), password: field("password") })
        }}
      >
        <Field label="Email address" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={newPasswordHint}
        />
        <FailureAlert error={signUp.error} />
        <button type="submit" className="button" disabled={signUp.isPending}>
          {signUp.isPending ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p className="aside">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </Page>
  )
}
