import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import type { ReactNode } from "react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { Page } from "../../../components/Page.tsx"

/**
 * The API answers the same for every address, so the page cannot say whether an account exists.
 * `devMailboxLink` shows where the email is when there is no mail server.
 */
export const ForgotPasswordPage = ({ devMailboxLink }: { readonly devMailboxLink: ReactNode }) => {
  const trpc = useVerity()
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions())
  return (
    <Page title="Forgot your password?">
      {request.isSuccess ? (
        <>
          <Alert tone="success">
            <p>
              If an account uses <strong className="email-address">{request.variables.email}</strong>, we just sent it a
              link to choose a new password. The link works for one hour.
            </p>
          </Alert>
          <p>{devMailboxLink}</p>
          <p>
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </>
      ) : (
        <Form
          submitLabel="Send reset link"
          pendingLabel="Sending…"
          pending={request.isPending}
          failure={request.error}
          onSubmit={(form) => request.mutate({ email: form.field("email") })}
        >
          <p>Enter your account's email address and we will send you a link to choose a new password.</p>
          <Field label="Email address" name="email" type="email" autoComplete="email" required />
        </Form>
      )}
    </Page>
  )
}
