import type { MailMessage } from "../MailMessage.ts"
import { appLink } from "./appLink.ts"
import { escapeHtml } from "./escapeHtml.ts"

export const passwordChangedNotice = (input: { readonly publicUrl: string; readonly email: string }): MailMessage => {
  const link = appLink(input.publicUrl, "/forgot-password")
  return {
    to: input.email,
    subject: "Your password was changed",
    text: [
      `The password of your account ${input.email} was changed.`,
      "",
      "If this wasn't you, reset your password right away:",
      "",
      link
    ].join("\n"),
    html: [
      `<p>The password of your account <strong>${escapeHtml(input.email)}</strong> was changed.</p>`,
      `<p>If this wasn't you, <a href="${escapeHtml(link)}">reset your password</a> right away.</p>`
    ].join("\n")
  }
}
