import type { MailMessage } from "./MailMessage.ts"

/** What stands in a kept message where a link token or a code was. */
export const removedSecret = "[removed once sent]"

/**
 * The message as the outbox keeps it once it is delivered or given up: every secret it declares
 * is replaced, in the text and the HTML, in the spellings a template writes it (as is, and
 * URL-encoded inside a link), so a leaked store or a look at the dev mailbox hands out no working
 * link or code. The rest (recipient, subject, wording) stays, for whoever looks into what was sent.
 */
export const withoutSecrets = (message: MailMessage): MailMessage => {
  const spellings = (message.secrets ?? []).flatMap((secret) => [...new Set([secret, encodeURIComponent(secret)])])
  const redact = (content: string) =>
    spellings.reduce((kept, secret) => kept.replaceAll(secret, removedSecret), content)
  const { secrets: _dropped, html, ...rest } = message
  return { ...rest, text: redact(message.text), ...(html === undefined ? {} : { html: redact(html) }) }
}
