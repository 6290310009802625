import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { NewPasswordFromLinkForm } from "../../../components/form/NewPasswordFromLinkForm.tsx"
import { Page } from "../../../components/Page.tsx"
import { useLinkToken } from "../../../lib/links/useLinkToken.ts"

/**
 * Where the "this wasn't me" link of an email-change notice lands. Whoever changed the address
 * knew the password, so taking the account back sets a new one in the same step: the address
 * returns, confirmed, and every device signed in to the account (theirs included) is signed out.
 */
export const UndoEmailChangePage = () => {
  const trpc = useVerity()
  const token = useLinkToken()
  const undo = useMutation(trpc.recovery.undoEmailChange.mutationOptions())

  if (undo.isSuccess) {
    return (
      <Page title="Take your account back">
        <Alert tone="success">
          <p>
            Your account is back on this email address, and every device that was signed in to it, whoever's it was, is
            signed out.
          </p>
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
    <Page title="Take your account back">
      <p>
        Someone changed the email address of your account. Choose a new password: your account goes back to this
        address, and everyone signed in to it is signed out.
      </p>
      <NewPasswordFromLinkForm
        token={token}
        submitLabel="Take my account back"
        pendingLabel="Taking it back…"
        pending={undo.isPending}
        failure={undo.error}
        failureWording={{
          TOKEN_INVALID: "This link no longer works: it was already used.",
          TOKEN_EXPIRED: "This link has expired: it worked for 7 days. Ask for a password reset instead.",
          EMAIL_TAKEN: "Another account now has this address, so yours cannot go back to it. Contact support."
        }}
        instead={{ to: "/forgot-password", label: "Reset your password" }}
        onSubmit={(newPassword) => undo.mutate({ token, newPassword })}
      />
    </Page>
  )
}
