import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { type ReactNode, useId } from "react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { submittedFields } from "../../../components/form/submittedFields.ts"
import { TextAreaField } from "../../../components/form/TextAreaField.tsx"
import { useWhoami } from "../../../lib/session/useWhoami.ts"

/**
 * Needs a confirmed email (so support can write back). The lock follows the live Whoami, so it
 * opens the moment the address is confirmed anywhere; the API enforces the rule regardless.
 * While locked, it offers `resendVerification` (the verification feature's, brought by the app).
 */
export const ContactForm = ({ resendVerification }: { readonly resendVerification: ReactNode }) => {
  const trpc = useVerity()
  const whoami = useWhoami()
  const explanationId = useId()
  const contact = useMutation(trpc.support.contactUs.mutationOptions())
  const locked = !whoami.user.emailConfirmed
  return (
    <form
      className="form"
      onSubmit={(event) => {
        const form = event.currentTarget
        const field = submittedFields(event)
        contact.mutate({ subject: field("subject"), message: field("message") }, { onSuccess: () => form.reset() })
      }}
    >
      {locked && (
        <div className="callout" id={explanationId}>
          <p>
            The contact form opens once your email address is confirmed, so that we can write back to you. Open the link
            we sent to <strong className="email-address">{whoami.user.email}</strong>, or{" "}
            <Link to="/check-inbox">enter its code</Link>.
          </p>
          {resendVerification}
        </div>
      )}
      <fieldset disabled={locked} aria-describedby={locked ? explanationId : undefined}>
        <legend className="visually-hidden">Your message to support</legend>
        <Field label="Subject" name="subject" required maxLength={200} />
        <TextAreaField label="Message" name="message" required maxLength={5000} rows={5} />
        <button type="submit" className="button" disabled={contact.isPending}>
          {contact.isPending ? "Sending…" : "Send message"}
        </button>
      </fieldset>
      <FailureAlert error={contact.error} />
      {contact.isSuccess && (
        <Alert tone="success">
          <p>
            Thank you, we got your message. Your ticket id is{" "}
            <strong className="ticket">{contact.data.ticketId}</strong>.
          </p>
        </Alert>
      )}
    </form>
  )
}
