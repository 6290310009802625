import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import type { ReactNode } from "react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { TextAreaField } from "../../../components/form/TextAreaField.tsx"
import { canContactSupport } from "../../../lib/session/sessionGates.ts"
import { useWhoami } from "../../../lib/session/useWhoami.ts"

/**
 * Needs a confirmed email (so support can write back). The lock follows the live Whoami, so it
 * opens the moment the address is confirmed anywhere; the API enforces the rule regardless.
 * While locked, it offers `resendVerification` (the verification feature's, brought by the app).
 */
export const ContactForm = ({ resendVerification }: { readonly resendVerification: ReactNode }) => {
  const trpc = useVerity()
  const whoami = useWhoami()
  const contact = useMutation(trpc.support.contactUs.mutationOptions())
  return (
    <Form
      framed={false}
      legend="Your message to support"
      submitLabel="Send message"
      pendingLabel="Sending…"
      pending={contact.isPending}
      failure={contact.error}
      lockedBecause={
        canContactSupport(whoami) ? undefined : (
          <div className="callout">
            <p>
              The contact form opens once your email address is confirmed, so that we can write back to you. Open the
              link we sent to <strong className="email-address">{whoami.user.email}</strong>, or{" "}
              <Link to="/check-inbox">enter its code</Link>.
            </p>
            {resendVerification}
          </div>
        )
      }
      onSubmit={(form) =>
        contact.mutate({ subject: form.field("subject"), message: form.field("message") }, { onSuccess: form.clear })
      }
      footer={
        contact.isSuccess && (
          <Alert tone="success">
            <p>
              Thank you, we got your message. Your ticket id is{" "}
              <strong className="ticket">{contact.data.ticketId}</strong>.
            </p>
          </Alert>
        )
      }
    >
      <Field label="Subject" name="subject" required maxLength={200} />
      <TextAreaField label="Message" name="message" required maxLength={5000} rows={5} />
    </Form>
  )
}
