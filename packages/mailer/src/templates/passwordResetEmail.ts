import type { MailMessage } from "../MailMessage.ts"
import { appLink } from "./appLink.ts"
import { escapeHtml } from "./escapeHtml.ts"

export const passwordResetEmail = (input: {
  readonly publicUrl: string
  readonly token: string
  readonly email: string
}): MailMessage => {
  const link = appLink(input.publicUrl, "/reset-password", input.token)
  return {
    to: input.email,
    subject: "Reset your password",
    text: [
      `Someone asked to reset the password of the account ${input.email}. To choose a new password, open this link:`,
      "",
      link,
      "",
      "The link expires in 1 hour.",
      "",
      "If you did not ask for this, ignore this email: your password stays as it is."
    ].join("\n"),
    html: [
      `<p>Someone asked to reset the password of the account <strong>${escapeHtml(input.email)}</strong>.</p>`,
      `<p><a href="${escapeHtml(link)}">Choose a new password</a></p>`,
      "<p>The link expires in 1 hour.</p>",
      "<p>If you did not ask for this, ignore this email: your password stays as it is.</p>"
    ].join("\n"),
    secrets: [input.token]
  }
}
