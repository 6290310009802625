import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { NewPasswordFromLinkForm } from "../../../components/form/NewPasswordFromLinkForm.tsx"
import { Page } from "../../../components/Page.tsx"
import { useLinkToken } from "../../../lib/links/useLinkToken.ts"

/** Where the reset email's link lands. Setting the password signs out every session of the account. */
export const ResetPasswordPage = () => {
  const trpc = useVerity()
  const token = useLinkToken()
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions())

  if (reset.isSuccess) {
    return (
      <Page title="Choose a new password">
        <Alert tone="success">
          <p>Your password is changed. For your safety, every session of your account was signed out.</p>
        </Alert>
        <p>
          <Link className="button" to="/sign-in">
            Sign in with your new password
          </Link>
        </p>
      </Page>
    )
  }

  return (
    <Page title="Choose a new password">
      <NewPasswordFromLinkForm
        token={token}
        submitLabel="Set new password"
        pendingLabel="Saving…"
        pending={reset.isPending}
        failure={reset.error}
        failureWording={{
          TOKEN_INVALID: "This reset link no longer works: it was already used, or a newer one replaced it.",
          TOKEN_EXPIRED: "This reset link has expired: links work for one hour."
        }}
        instead={{ to: "/forgot-password", label: "Ask for a new link" }}
        onSubmit={(newPassword) => reset.mutate({ token, newPassword })}
      />
    </Page>
  )
}
