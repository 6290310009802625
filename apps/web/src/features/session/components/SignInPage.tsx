import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { Page } from "../../../components/Page.tsx"
import { useSession } from "../../../lib/session/useSession.ts"
import { SessionEndedNotice } from "./SessionEndedNotice.tsx"

export const SignInPage = () => {
  const trpc = useVerity()
  const { signedIn } = useSession()
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: (answer) => signedIn(answer.whoami) }))
  return (
    <Page title="Sign in">
      {/* Gone the moment the user signs in again, not only once the answer is back. */}
      {!signIn.isPending && <SessionEndedNotice />}
      <Form
        submitLabel="Sign in"
        pendingLabel="Signing in…"
        pending={signIn.isPending}
        failure={signIn.error}
        onSubmit={(form) => signIn.mutate({ email: form.field("email"), password: form.field("password") })}
        footer={
          <p>
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
        }
      >
        <Field label="Email address" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      </Form>
      <p className="aside">
        New to Verity? <Link to="/sign-up">Create an account</Link>
      </p>
    </Page>
  )
}
