import type { CaughtMail } from "./smtpCatcher.ts"

const describe = (mail: CaughtMail): string => `the mail to ${mail.to.join(", ")} ("${mail.subject}")`

const linkToken = (mail: CaughtMail, path: string): string => {
  for (const candidate of mail.text.match(/https?:\/\/\S+/g) ?? []) {
    const url = URL.parse(candidate)
    const token = url?.pathname.endsWith(path) ? url.searchParams.get("token") : null
    if (token) return token
  }
  throw new Error(`No ${path}?token= link in ${describe(mail)}:\n${mail.text}`)
}

export const verificationLinkToken = (mail: CaughtMail): string => linkToken(mail, "/verify-email")

export const resetLinkToken = (mail: CaughtMail): string => linkToken(mail, "/reset-password")

/** The "this wasn't me" link of an email-change notice. */
export const undoEmailChangeLinkToken = (mail: CaughtMail): string => linkToken(mail, "/undo-email-change")

/** The code stands on a line of its own, so digits in a link or an address are never mistaken for it. */
export const verificationCode = (mail: CaughtMail): string => {
  const code = /^\s*(\d{6})\s*$/m.exec(mail.text)?.[1]
  if (code === undefined) throw new Error(`No 6-digit code on a line of its own in ${describe(mail)}:\n${mail.text}`)
  return code
}
