import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { NewPasswordField } from "../../../components/form/NewPasswordField.tsx"
import { Page } from "../../../components/Page.tsx"
import { useSession } from "../../../lib/session/useSession.ts"

export const SignUpPage = () => {
  const trpc = useVerity()
  const { signedIn } = useSession()
  const signUp = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess: (answer) => signedIn(answer.whoami) }))
  return (
    <Page title="Create your account">
      <Form
        submitLabel="Create account"
        pendingLabel="Creating your account…"
        pending={signUp.isPending}
        failure={signUp.error}
        onSubmit={(form) => signUp.mutate({ email: form.field("email"), password: form.field("password") })}
      >
        <Field label="Email address" name="email" type="email" autoComplete="email" required />
        <NewPasswordField label="Password" name="password" />
      </Form>
      <p className="aside">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </Page>
  )
}
