import type { MailMessage } from "../MailMessage.ts"
import { appLink } from "./appLink.ts"
import { escapeHtml } from "./escapeHtml.ts"

/**
 * Sent to the old address, so its owner learns of a change they may not have made, with the one
 * way back that a hijacker who holds the session and the password cannot close: a single-use
 * link that restores this address, ends every session and sets a new password.
 */
export const emailChangedNotice = (input: {
  readonly publicUrl: string
  readonly oldEmail: string
  readonly newEmail: string
  /** The "this wasn't me" link's token (valid 7 days). */
  readonly undoToken: string
}): MailMessage => {
  const link = appLink(input.publicUrl, "/undo-email-change", input.undoToken)
  return {
    to: input.oldEmail,
    subject: "Your email address was changed",
    text: [
      `The email address of your account was changed from ${input.oldEmail} to ${input.newEmail}.`,
      "",
      "If this wasn't you, open this link within 7 days. It puts your account back on this address, signs out every device and asks you for a new password:",
      "",
      link,
      "",
      "If it was you, there is nothing to do."
    ].join("\n"),
    html: [
      `<p>The email address of your account was changed from <strong>${escapeHtml(input.oldEmail)}</strong> to <strong>${escapeHtml(input.newEmail)}</strong>.</p>`,
      `<p>If this wasn't you, <a href="${escapeHtml(link)}">take your account back</a> within 7 days: this puts it back on this address, signs out every device and asks you for a new password.</p>`,
      "<p>If it was you, there is nothing to do.</p>"
    ].join("\n"),
    secrets: [input.undoToken]
  }
}
