import type { MailMessage } from "../MailMessage.ts"
import { escapeHtml } from "./escapeHtml.ts"

/** A contact-form message, copied to SUPPORT_EMAIL; replying answers the user. */
export const contactMessageForSupport = (input: {
  readonly supportEmail: string
  readonly ticketId: string
  readonly from: string
  readonly subject: string
  readonly message: string
}): MailMessage => ({
  to: input.supportEmail,
  replyTo: input.from,
  subject: `[${input.ticketId}] ${input.subject}`,
  text: [`Ticket ${input.ticketId} from ${input.from}:`, "", input.message].join("\n"),
  html: [
    `<p>Ticket <strong>${escapeHtml(input.ticketId)}</strong> from <strong>${escapeHtml(input.from)}</strong>:</p>`,
    `<p style="white-space: pre-wrap">${escapeHtml(input.message)}</p>`
  ].join("\n")
})
