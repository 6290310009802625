import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import type { ReactNode } from "react"
import { Link } from "react-router"
import { Alert } from "../../../components/Alert.tsx"
import { Field } from "../../../components/form/Field.tsx"
import { Form } from "../../../components/form/Form.tsx"
import { Page } from "../../../components/Page.tsx"
import { hasConfirmedEmail } from "../../../lib/session/sessionGates.ts"
import { useWhoami } from "../../../lib/session/useWhoami.ts"
import { ResendVerificationButton } from "./ResendVerificationButton.tsx"

/**
 * After sign-up or an email change: the link works on any device, the code only in this session.
 * `devMailboxLink` shows where the email is when there is no mail server.
 */
export const CheckInboxPage = ({ devMailboxLink }: { readonly devMailboxLink: ReactNode }) => {
  const trpc = useVerity()
  const whoami = useWhoami()
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions())

  if (hasConfirmedEmail(whoami)) {
    return (
      <Page title="Check your inbox">
        <Alert tone="success">
          <p>
            Your email address <strong className="email-address">{whoami.user.email}</strong> is confirmed.
          </p>
        </Alert>
        <p>
          <Link className="button" to="/account">
            Continue to your account
          </Link>
        </p>
      </Page>
    )
  }

  return (
    <Page title="Check your inbox">
      <p>
        We sent a confirmation link and a 6-digit code to <strong className="email-address">{whoami.user.email}</strong>
        . Open the link on any device, or type the code here. This page updates by itself once the address is confirmed.
      </p>
      <Form
        submitLabel="Confirm email"
        pendingLabel="Confirming…"
        pending={verify.isPending}
        failure={verify.error}
        onSubmit={(form) => verify.mutate({ code: form.field("code").trim() })}
      >
        <Field
          label="6-digit code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          className="code-input"
        />
      </Form>
      <section className="card" aria-labelledby="no-email">
        <h2 id="no-email">No email?</h2>
        <p>It can take a minute to arrive; check your spam folder too. Or have a new one sent:</p>
        <ResendVerificationButton />
        <p>{devMailboxLink}</p>
      </section>
    </Page>
  )
}
