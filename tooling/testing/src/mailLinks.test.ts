import { describe, expect, it } from "vitest"
import { resetLinkToken, verificationCode, verificationLinkToken } from "./mailLinks.ts"
import type { CaughtMail } from "./smtpCatcher.ts"

const mail = (text: string): CaughtMail => ({
  to: ["user123456@example.com"],
  from: "no-reply@verity.test",
  subject: "Test",
  text,
  html: null,
  replyTo: null
})

describe("mail link helpers", () => {
  const text = [
    "Confirm user123456@example.com:",
    "",
    "http://localhost:3000/verify-email?token=a%2Bb%2F123456",
    "",
    "Or enter this code:",
    "",
    "042917"
  ].join("\n")

  it("extract the decoded token and the code", () => {
    expect(verificationLinkToken(mail(text))).toBe("a+b/123456")
    expect(verificationCode(mail(text))).toBe("042917")
    expect(resetLinkToken(mail("Reset: https://verity.test/reset-password?token=xyz"))).toBe("xyz")
  })

  it("throw a clear error when the mail has no such link or code", () => {
    expect(() => resetLinkToken(mail(text))).toThrow(
      "No /reset-password?token= link in the mail to user123456@example.com"
    )
    expect(() => verificationLinkToken(mail("no link here"))).toThrow("No /verify-email?token= link")
    expect(() => verificationCode(mail("http://x/verify-email?token=123456"))).toThrow("No 6-digit code")
  })
})
