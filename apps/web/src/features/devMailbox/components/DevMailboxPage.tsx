import { useQuery } from "@tanstack/react-query"
import { apiFailureOf, useVerity } from "@verity/client/react"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Page } from "../../../components/Page.tsx"
import { formatDateTime } from "../../../lib/format/formatDateTime.ts"
import { MailText } from "./MailText.tsx"

/** New emails appear without a reload; a new user waits for theirs here. */
const refreshEveryMs = 2_000

/** The dev outbox's emails, so the whole flow can be tried with no mail server. */
export const DevMailboxPage = () => {
  const trpc = useVerity()
  const mailbox = useQuery(trpc.dev.mailbox.queryOptions(undefined, { refetchInterval: refreshEveryMs, retry: false }))
  const off = apiFailureOf(mailbox.error)?.reason === "NOT_FOUND"
  return (
    <Page title="Dev mailbox">
      <p>
        This server has no mail server (<code>SMTP_URL</code> is not set), so it keeps the emails it sends here instead,
        newest first. Open their links to try every flow.
      </p>
      {off ? (
        <Alert tone="info">The dev mailbox is off: this server sends real email.</Alert>
      ) : (
        <FailureAlert error={mailbox.error} />
      )}
      {mailbox.isPending && (
        <p className="muted" role="status">
          Loading emails…
        </p>
      )}
      {mailbox.data?.length === 0 && (
        <p className="muted">No emails yet. Sign up, and your confirmation email appears here.</p>
      )}
      <ol className="mailbox">
        {mailbox.data?.map((mail) => (
          <li key={mail.id}>
            <article className="card mail" aria-labelledby={`mail-${mail.id}`}>
              <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
              <p className="muted">
                To <span className="email-address">{mail.to}</span> · {formatDateTime(mail.createdAt)}
              </p>
              <MailText text={mail.text} />
            </article>
          </li>
        ))}
      </ol>
    </Page>
  )
}
