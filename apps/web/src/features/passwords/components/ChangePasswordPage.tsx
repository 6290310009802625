import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { newPasswordHint } from "../../../components/form/passwordHint.ts"
import { submittedFields } from "../../../components/form/submittedFields.ts"
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
      <form
        className="card form"
        onSubmit={(event) => {
          const form = event.currentTarget
          const field = submittedFields(event)
          changePassword.mutate(
            { currentPassword: field("currentPassword"), newPassword: field("newPassword") },
            { onSuccess: () => form.reset() }
          )
        }}
      >
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint={newPasswordHint}
        />
        <FailureAlert
          error={changePassword.error}
          wording={{ INVALID_CREDENTIALS: "Your current password is not right." }}
        />
        <button type="submit" className="button" disabled={changePassword.isPending}>
          {changePassword.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
    </Page>
  )
}
