import { testAdminToken, verificationLinkToken } from "@verity/testing"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { apiClient, failureOf, signUpWithToken, testApiWithMailForFile, uniqueEmail } from "@verity/test-api"

// Contact-form messages are not write-only: operators list them, and with SUPPORT_EMAIL set
// each one is also emailed there, through the outbox, in the same transaction as the message.

const execFileAsync = promisify(execFile)
const adminScript = fileURLToPath(new URL("../src/cli/admin.ts", import.meta.url))
const supportEmail = "support@verity.test"

const api = testApiWithMailForFile({ env: { SUPPORT_EMAIL: supportEmail } })

const confirmedUser = async (label: string) => {
  const email = uniqueEmail(label)
  const token = await signUpWithToken(api.client(), email)
  const link = verificationLinkToken(await api.mail.waitForMail((mail) => mail.to.includes(email)))
  await api.client().auth.verifyEmail.mutate({ token: link })
  return { email, client: api.client(token) }
}

describe("contact-form messages", () => {
  it("are emailed to SUPPORT_EMAIL, with the user as Reply-To and the ticket in the subject", async () => {
    const { email, client } = await confirmedUser("support-mail")
    const { ticketId } = await client.support.contactUs.mutate({
      subject: "Cannot share",
      message: "Line one\nLine two"
    })

    const mail = await api.mail.waitForMail(
      (caught) => caught.to.includes(supportEmail) && caught.subject.includes(ticketId)
    )
    expect(mail).toMatchObject({ subject: `[${ticketId}] Cannot share`, replyTo: email })
    expect(mail.text).toContain(`Ticket ${ticketId} from ${email}:`)
    expect(mail.text).toContain("Line one\nLine two")
  })

  it("operators list them, newest first: admin.contactMessages and `npm run admin -- messages`", async () => {
    const { email, client } = await confirmedUser("support-list")
    const first = await client.support.contactUs.mutate({ subject: "First", message: "one" })
    const second = await client.support.contactUs.mutate({ subject: "Second", message: "two" })

    const listed = await apiClient(api.url, testAdminToken).admin.contactMessages.query({ limit: 2 })
    expect(listed.map((message) => [message.ticketId, message.email, message.subject])).toEqual([
      [second.ticketId, email, "Second"],
      [first.ticketId, email, "First"]
    ])

    const { stdout } = await execFileAsync(process.execPath, [adminScript, "messages", "2"], {
      env: { ...process.env, ADMIN_TOKEN: testAdminToken, VERITY_URL: api.url }
    })
    expect(stdout.indexOf(second.ticketId)).toBeGreaterThanOrEqual(0)
    expect(stdout.indexOf(second.ticketId)).toBeLessThan(stdout.indexOf(first.ticketId))
    expect(stdout).toContain(`${email}\n  First\n\none`)
  })

  it("are closed to anyone without the operator token", async () => {
    const { client } = await confirmedUser("support-closed")
    expect(await failureOf(client.admin.contactMessages.query())).toMatchObject({
      reason: "FORBIDDEN",
      httpStatus: 403
    })
  })
})
