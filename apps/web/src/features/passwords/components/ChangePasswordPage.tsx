import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Alert } from "../../../components/Alert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { NewPasswordField } from "../../../components/form/NewPasswordField.tsx"
import { Page } from "../../../components/Page.tsx"

/** This session stays signed in; every other one is signed out, and says why. */
export const ChangePasswordPage = () => {
  const trpc = useVerity()
  const changePassword = useMutation(trpc.account.changePassword.mutationOptions())
  const revoked = changePassword.data?.revokedSessions ?? 0
  return (
    <Page title="Change password">
      <p>Changing your password signs out every other browser and device.</p>
      {changePassword.isSuccess && (
        <Alert tone="success">
          <p>
            Your password is changed.{" "}
            {revoked === 0
              ? "No other session was signed in."
              : `${revoked} other ${revoked === 1 ? "session was" : "sessions were"} signed out.`}{" "}
            We sent a notice to your email address.
          </p>
        </Alert>
      )}
      <Form
        submitLabel="Change password"
        pendingLabel="Changing…"
        pending={changePassword.isPending}
        failure={changePassword.error}
        failureWording={{ INVALID_CREDENTIALS: "Your current password is not right." }}
        onSubmit={(form) =>
          changePassword.mutate(
            { currentPassword: form.field("currentPassword"), newPassword: form.field("newPassword") },
            { onSuccess: form.clear }
          )
        }
      >
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
        <NewPasswordField label="New password" name="newPassword" />
      </Form>
    </Page>
  )
}
