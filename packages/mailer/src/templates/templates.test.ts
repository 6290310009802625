import { describe, expect, it } from "vitest"
import { contactMessageForSupport } from "./contactMessageForSupport.ts"
import { emailChangedNotice } from "./emailChangedNotice.ts"
import { passwordChangedNotice } from "./passwordChangedNotice.ts"
import { passwordResetEmail } from "./passwordResetEmail.ts"
import { verificationEmail } from "./verificationEmail.ts"
import { removedSecret, withoutSecrets } from "../withoutSecrets.ts"

const publicUrl = "https://verity.test"
const hostileEmail = `"<img src=x onerror=alert(1)>"&co@example.com`

const lines = (text: string) => text.split("\n")

describe("verificationEmail", () => {
  const mail = verificationEmail({
    publicUrl,
    token: "tok+en/=",
    code: "042917",
    email: "ann@example.com",
    newAccount: true
  })

  it("carries the exact link and the code, each on its own line, with their lifetimes", () => {
    expect(mail.to).toBe("ann@example.com")
    expect(mail.subject).toBe("Confirm your email address")
    expect(lines(mail.text)).toContain("https://verity.test/verify-email?token=tok%2Ben%2F%3D")
    expect(lines(mail.text)).toContain("042917")
    expect(mail.text).toContain("expires in 24 hours")
    expect(mail.text).toContain("expires in 15 minutes")
    expect(mail.html).toContain(`href="https://verity.test/verify-email?token=tok%2Ben%2F%3D"`)
    expect(mail.html).toContain("042917")
  })

  it("does not double the slash when PUBLIC_URL ends with one", () => {
    const withSlash = verificationEmail({
      publicUrl: `${publicUrl}/`,
      token: "t",
      code: "000000",
      email: "a@b.c",
      newAccount: true
    })
    expect(lines(withSlash.text)).toContain("https://verity.test/verify-email?token=t")
  })

  it("tells the owner of an address that a new account's link can delete it, and nothing of the kind otherwise", () => {
    expect(mail.text).toContain("If you did not create this account, open the link anyway")
    const change = verificationEmail({ publicUrl, token: "t", code: "000000", email: "a@b.c", newAccount: false })
    expect(change.text).not.toContain("delete")
    expect(change.text).toContain("If you did not ask for this, ignore this email.")
  })

  it("escapes the address in the HTML", () => {
    const hostile = verificationEmail({ publicUrl, token: "t", code: "000000", email: hostileEmail, newAccount: false })
    expect(hostile.html).not.toContain("<img")
    expect(hostile.html).toContain("&quot;&lt;img src=x onerror=alert(1)&gt;&quot;&amp;co@example.com")
  })
})

describe("passwordResetEmail", () => {
  it("carries the exact reset link, valid for 1 hour, and escapes the address in the HTML", () => {
    const mail = passwordResetEmail({ publicUrl, token: "a b", email: hostileEmail })
    expect(mail.to).toBe(hostileEmail)
    expect(lines(mail.text)).toContain("https://verity.test/reset-password?token=a%20b")
    expect(mail.text).toContain("expires in 1 hour")
    expect(mail.html).toContain(`href="https://verity.test/reset-password?token=a%20b"`)
    expect(mail.html).not.toContain("<img")
  })
})

describe("emailChangedNotice", () => {
  it("goes to the old address, names the new one and carries the single-use way back", () => {
    const mail = emailChangedNotice({
      publicUrl,
      oldEmail: "old@example.com",
      newEmail: hostileEmail,
      undoToken: "u n"
    })
    expect(mail.to).toBe("old@example.com")
    expect(mail.text).toContain(`changed from old@example.com to ${hostileEmail}`)
    expect(mail.text).toContain("If this wasn't you, open this link within 7 days")
    expect(lines(mail.text)).toContain("https://verity.test/undo-email-change?token=u%20n")
    expect(mail.html).toContain(`href="https://verity.test/undo-email-change?token=u%20n"`)
    expect(mail.html).not.toContain("<img")
    expect(mail.secrets).toEqual(["u n"])
  })
})

describe("passwordChangedNotice", () => {
  it("tells the owner and links to the password reset request", () => {
    const mail = passwordChangedNotice({ publicUrl, email: hostileEmail })
    expect(mail.to).toBe(hostileEmail)
    expect(mail.subject).toBe("Your password was changed")
    expect(lines(mail.text)).toContain("https://verity.test/forgot-password")
    expect(mail.html).not.toContain("<img")
  })
})

describe("withoutSecrets", () => {
  it("leaves no link token or code in the text or the HTML, and keeps the rest of the message", () => {
    const mail = verificationEmail({
      publicUrl,
      token: "tok+en/=",
      code: "042917",
      email: "ann@example.com",
      newAccount: true
    })
    const kept = withoutSecrets(mail)
    for (const content of [kept.text, kept.html ?? ""]) {
      expect(content).not.toContain("042917")
      expect(content).not.toContain("tok%2Ben%2F%3D")
      expect(content).not.toContain("tok+en/=")
      expect(content).toContain(removedSecret)
    }
    expect(lines(kept.text)).toContain(`https://verity.test/verify-email?token=${removedSecret}`)
    expect(kept).toMatchObject({ to: mail.to, subject: mail.subject })
    expect(kept).not.toHaveProperty("secrets")
  })

  it("keeps a message that declares no secrets as it is", () => {
    const notice = passwordChangedNotice({ publicUrl, email: "ann@example.com" })
    expect(withoutSecrets(notice)).toEqual(notice)
  })
})

describe("contactMessageForSupport", () => {
  it("goes to support with the ticket in the subject, the user as Reply-To, and the message escaped in the HTML", () => {
    const mail = contactMessageForSupport({
      supportEmail: "support@verity.test",
      ticketId: "T-42",
      from: hostileEmail,
      subject: "Cannot share",
      message: "<script>hi</script>\nsecond line"
    })
    expect(mail).toMatchObject({ to: "support@verity.test", replyTo: hostileEmail, subject: "[T-42] Cannot share" })
    expect(lines(mail.text)).toEqual([`Ticket T-42 from ${hostileEmail}:`, "", "<script>hi</script>", "second line"])
    expect(mail.html).not.toContain("<script>")
    expect(mail.html).not.toContain("<img")
  })
})
