import type { MailMessage } from "../MailMessage.ts"
import { appLink } from "./appLink.ts"
import { escapeHtml } from "./escapeHtml.ts"

export const verificationEmail = (input: {
  readonly publicUrl: string
  readonly token: string
  readonly code: string
  readonly email: string
  /** An account that never confirmed an address: its link can also delete it ("this wasn't me"). */
  readonly newAccount: boolean
}): MailMessage => {
  const notYours = input.newAccount
    ? "If you did not create this account, open the link anyway: it shows when and from which device the account was made, and lets you delete it."
    : "If you did not ask for this, ignore this email."
  const link = appLink(input.publicUrl, "/verify-email", input.token)
  return {
    to: input.email,
    subject: "Confirm your email address",
    text: [
      `Confirm that ${input.email} is your email address by opening this link:`,
      "",
      link,
      "",
      "The link expires in 24 hours.",
      "",
      "Or enter this code where you signed in:",
      "",
      input.code,
      "",
      "The code expires in 15 minutes.",
      "",
      notYours
    ].join("\n"),
    html: [
      `<p>Confirm that <strong>${escapeHtml(input.email)}</strong> is your email address:</p>`,
      `<p><a href="${escapeHtml(link)}">Confirm my email address</a></p>`,
      "<p>The link expires in 24 hours.</p>",
      "<p>Or enter this code where you signed in:</p>",
      `<p style="font-size:24px;letter-spacing:4px"><strong>${escapeHtml(input.code)}</strong></p>`,
      "<p>The code expires in 15 minutes.</p>",
      `<p>${escapeHtml(notYours)}</p>`
    ].join("\n"),
    secrets: [input.token, input.code]
  }
}
