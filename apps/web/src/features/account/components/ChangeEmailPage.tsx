import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { EmailStatus } from "../../../components/EmailStatus.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { Page } from "../../../components/Page.tsx"
import { hasConfirmedEmail } from "../../../lib/session/sessionGates.ts"
import { useWhoami } from "../../../lib/session/useWhoami.ts"

/** The new address is unconfirmed until its link or code is used; every session shows it at once. */
export const ChangeEmailPage = () => {
  const trpc = useVerity()
  const whoami = useWhoami()
  const changeEmail = useMutation(trpc.account.changeEmail.mutationOptions())
  return (
    <Page title="Change email address">
      <p className="current-email">
        Your address now: <strong className="email-address">{whoami.user.email}</strong>{" "}
        <EmailStatus confirmed={hasConfirmedEmail(whoami)} />
      </p>
      {changeEmail.isSuccess && (
        <Alert tone="success">
          <p>
            Your email address is now <strong className="email-address">{changeEmail.data.user.email}</strong>. We sent
            a confirmation link and code there, and a notice to your old address. Until you confirm the new address, the
            contact form stays locked.
          </p>
          <p>
            <Link to="/check-inbox">Enter the code</Link>
          </p>
        </Alert>
      )}
      <Form
        submitLabel="Change email"
        pendingLabel="Changing…"
        pending={changeEmail.isPending}
        failure={changeEmail.error}
        failureWording={{
          INVALID_CREDENTIALS: "Your current password is not right.",
          EMAIL_TAKEN: "Another account already uses that address."
        }}
        onSubmit={(form) =>
          changeEmail.mutate(
            { newEmail: form.field("newEmail"), password: form.field("password") },
            { onSuccess: form.clear }
          )
        }
      >
        <Field label="New email address" name="newEmail" type="email" autoComplete="email" required />
        <Field
          label="Current password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          hint="To make sure it is you."
        />
      </Form>
    </Page>
  )
}
