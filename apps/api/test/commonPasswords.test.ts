import { resetLinkToken } from "@verity/testing"
import { describe, expect, it } from "vitest"
import { failureOf, signUpWithToken, testApiWithMailForFile, uniqueEmail } from "@verity/test-api"

// Every way to set a password refuses one of the most common breached ones, however decorated,
// with a message that says why and changes nothing.

const common = "Password123!"
const commonMessage = /one of the most common ones/

const api = testApiWithMailForFile()

describe(`a common password (${common})`, () => {
  it("is refused at sign-up, and no account is made", async () => {
    const email = uniqueEmail("common-signup")
    const refusal = await failureOf(api.client().auth.signUp.mutate({ email, password: common }))
    expect(refusal).toMatchObject({
      reason: "WEAK_PASSWORD",
      httpStatus: 400,
      message: expect.stringMatching(commonMessage)
    })
    await expect(signUpWithToken(api.client(), email)).resolves.toEqual(expect.any(String))
  })

  it("is refused as a new password in a session, which keeps the old one", async () => {
    const email = uniqueEmail("common-change")
    const session = api.client(await signUpWithToken(api.client(), email))
    const refusal = await failureOf(
      session.account.changePassword.mutate({ currentPassword: "correct horse battery staple 42", newPassword: common })
    )
    expect(refusal).toMatchObject({ reason: "WEAK_PASSWORD", message: expect.stringMatching(commonMessage) })
    expect(await failureOf(api.client().auth.signIn.mutate({ email, password: common }))).toMatchObject({
      reason: "INVALID_CREDENTIALS"
    })
  })

  it("is refused by a password reset, which leaves the link usable", async () => {
    const email = uniqueEmail("common-reset")
    await signUpWithToken(api.client(), email)
    await api.client().auth.requestPasswordReset.mutate({ email })
    const token = resetLinkToken(
      await api.mail.waitForMail((mail) => mail.to.includes(email) && mail.subject === "Reset your password")
    )
    for (const decorated of [common, "P@ssw0rd2024!!", "  qwertyuiop123  "]) {
      expect(await failureOf(api.client().auth.resetPassword.mutate({ token, newPassword: decorated }))).toMatchObject({
        reason: "WEAK_PASSWORD",
        message: expect.stringMatching(commonMessage)
      })
    }
    await expect(
      api.client().auth.resetPassword.mutate({ token, newPassword: "a far less common passphrase" })
    ).resolves.toEqual({
      ok: true
    })
  })
})
