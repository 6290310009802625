import { apiFailureOf } from "@verity/client/react"
import type { ReactNode } from "react"
import { Link } from "react-router"
import type { FailureWording } from "../../lib/errors/describeFailure.ts"
import { Alert } from "../Alert.tsx"
import { Form } from "./Form.tsx"
import { NewPasswordField } from "./NewPasswordField.tsx"

type NewPasswordFromLinkFormProps = {
  /** The emailed link's token; empty when the link was cut short. */
  readonly token: string
  readonly submitLabel: string
  readonly pendingLabel: string
  readonly pending: boolean
  readonly failure: unknown
  /** What TOKEN_INVALID and TOKEN_EXPIRED mean for this link, and any other failure it can meet. */
  readonly failureWording: FailureWording
  /** Where to go instead once the link cannot be used ("Ask for a new link"). */
  readonly instead: { readonly to: string; readonly label: ReactNode }
  onSubmit(newPassword: string): void
}

/**
 * The form of a page an emailed link opens to set a new password (a reset, taking an account
 * back): the link's token is the proof, so the only field is the new password. A link cut short
 * or no longer usable locks or ends the form and points to what to do instead.
 */
export const NewPasswordFromLinkForm = ({ token, instead, onSubmit, ...form }: NewPasswordFromLinkFormProps) => {
  const reason = apiFailureOf(form.failure)?.reason
  const linkUnusable = token === "" || reason === "TOKEN_INVALID" || reason === "TOKEN_EXPIRED"
  return (
    <>
      <Form
        {...form}
        lockedBecause={
          token === "" ? <Alert tone="error">This link is incomplete. Open it again from the email.</Alert> : undefined
        }
        onSubmit={(submission) => onSubmit(submission.field("newPassword"))}
      >
        <NewPasswordField label="New password" name="newPassword" />
      </Form>
      {linkUnusable && (
        <p>
          <Link to={instead.to}>{instead.label}</Link>
        </p>
      )}
    </>
  )
}
