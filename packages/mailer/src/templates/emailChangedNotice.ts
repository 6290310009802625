import type { MailMessage } from "../MailMessage.ts"
import { appLink } from "./appLink.ts"
import { escapeHtml } from "./escapeHtml.ts"

/** Sent to the old address, so its owner learns of a change they may not have made. */
export const emailChangedNotice = (input: {
  readonly publicUrl: string
  readonly oldEmail: string
  readonly newEmail: string
}): MailMessage => {
  const link = appLink(input.publicUrl, "/forgot-password")
  return {
    to: input.oldEmail,
    subject: "Your email address was changed",
    text: [
      `The email address of your account was changed from ${input.oldEmail} to ${input.newEmail}.`,
      "",
      "If this wasn't you, reset your password right away:",
      "",
      link
    ].join("\n"),
    html: [
      `<p>The email address of your account was changed from <strong>${escapeHtml(input.oldEmail)}</strong> to <strong>${escapeHtml(input.newEmail)}</strong>.</p>`,
      `<p>If this wasn't you, <a href="${escapeHtml(link)}">reset your password</a> right away.</p>`
    ].join("\n")
  }
}
