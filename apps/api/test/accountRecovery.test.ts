// Over 200 lines on purpose: both "this wasn't me" paths, each from the hijack to the owner's way back, over one server.
import { createTRPCClient, httpBatchLink } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { type CaughtMail, undoEmailChangeLinkToken, verificationLinkToken } from "@verity/testing"
import { describe, expect, it } from "vitest"
import {
  failureOf,
  shortResendCooldown,
  signInWithToken,
  signUpWithToken,
  strongPassword,
  testApiWithMailForFile,
  uniqueEmail,
  waitOutResendCooldown
} from "@verity/test-api"

// Taking an account back from a mailbox, as its owner would after an attacker: one who stole the
// session and the password and moved the account to their own address, and one who signed up with
// the owner's address first ("pre-hijacking") and kept the session, waiting for the owner to confirm.

const api = testApiWithMailForFile({ env: shortResendCooldown })

const mailTo = (email: string, subject: string, after: ReadonlyArray<CaughtMail> = []) =>
  api.mail.waitForMail((mail) => mail.to.includes(email) && mail.subject === subject && !after.includes(mail))

const noticeTo = (email: string, after: ReadonlyArray<CaughtMail> = []) =>
  mailTo(email, "Your email address was changed", after)

/** The owner's confirmed account and their session. */
const confirmedAccount = async (label: string) => {
  const email = uniqueEmail(label)
  const session = api.client(await signUpWithToken(api.client(), email))
  await api.client().auth.verifyEmail.mutate({
    token: verificationLinkToken(await mailTo(email, "Confirm your email address"))
  })
  // The tests go on to change the address, whose verification email waits for the sign-up's.
  await waitOutResendCooldown()
  return { email, session }
}

/** A client that says which device it is, as a browser does. */
const deviceClient = (userAgent: string, token?: string) =>
  createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${api.url}/trpc`,
        headers: () => ({
          "user-agent": userAgent,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
        })
      })
    ]
  })

const ownersNewPassword = "the owner takes it back 7"

describe("this wasn't me: undoing a hostile email change", () => {
  it("puts the account back on the old address, confirmed, ends every session and sets a new password", async () => {
    const { email, session: owners } = await confirmedAccount("hijacked")
    const hijacker = api.client(await signInWithToken(api.client(), email))
    const evil = uniqueEmail("hijacker")
    await hijacker.account.changeEmail.mutate({ newEmail: evil, password: strongPassword })
    await hijacker.account.changePassword.mutate({
      currentPassword: strongPassword,
      newPassword: "hijacker's own 1234"
    })
    expect(await failureOf(owners.session.whoami.query())).toMatchObject({ reason: "SESSION_REVOKED" })
    const evilsLink = verificationLinkToken(await mailTo(evil, "Confirm your email address"))

    const notice = await noticeTo(email)
    expect(notice.text).toContain(`changed from ${email} to ${evil}`)
    const undo = undoEmailChangeLinkToken(notice)
    expect(
      await failureOf(api.client().recovery.undoEmailChange.mutate({ token: undo, newPassword: "short" }))
    ).toMatchObject({ reason: "WEAK_PASSWORD" })
    await expect(
      api.client().recovery.undoEmailChange.mutate({ token: undo, newPassword: ownersNewPassword })
    ).resolves.toEqual({ ok: true })

    expect(await failureOf(hijacker.session.whoami.query())).toMatchObject({
      reason: "SESSION_REVOKED",
      httpStatus: 401,
      message: expect.stringContaining("accountRecovered")
    })
    const back = api.client(await signInWithToken(api.client(), email, ownersNewPassword))
    expect((await back.session.whoami.query()).user).toMatchObject({ email, emailConfirmed: true })
    for (const [address, password] of [
      [evil, "hijacker's own 1234"],
      [email, "hijacker's own 1234"],
      [email, strongPassword]
    ] as const) {
      expect(
        await failureOf(api.client().auth.signIn.mutate({ email: address, password, transport: "token" }))
      ).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    }
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: evilsLink }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
    expect(
      await failureOf(api.client().recovery.undoEmailChange.mutate({ token: undo, newPassword: "once more, no 42" }))
    ).toMatchObject({ reason: "TOKEN_INVALID" })
  })

  it("outlives the hijacker's later changes, and an account squatting the freed address, for 7 days", async () => {
    const { email } = await confirmedAccount("hijacked-twice")
    const hijacker = api.client(await signInWithToken(api.client(), email))
    const first = uniqueEmail("hijacker-first")
    await hijacker.account.changeEmail.mutate({ newEmail: first, password: strongPassword })
    const undo = undoEmailChangeLinkToken(await noticeTo(email))
    await waitOutResendCooldown()
    await hijacker.account.changeEmail.mutate({ newEmail: uniqueEmail("hijacker-second"), password: strongPassword })
    await hijacker.account.changePassword.mutate({
      currentPassword: strongPassword,
      newPassword: "hijacker's own 1234"
    })
    // Squatting the owner's address, so putting the account back there would meet EMAIL_TAKEN.
    const squatter = api.client(await signUpWithToken(api.client(), email, "squatting the address 99"))

    api.clock.advance("6 days")
    await api.client().recovery.undoEmailChange.mutate({ token: undo, newPassword: ownersNewPassword })
    expect(await failureOf(squatter.session.whoami.query())).toMatchObject({
      reason: "SESSION_REVOKED",
      message: expect.stringContaining("accountDeleted")
    })
    expect(await failureOf(hijacker.session.whoami.query())).toMatchObject({ reason: "SESSION_REVOKED" })
    const back = api.client(await signInWithToken(api.client(), email, ownersNewPassword))
    expect((await back.session.whoami.query()).user).toMatchObject({ email, emailConfirmed: true })
  })

  it("expires after 7 days", async () => {
    const { email, session } = await confirmedAccount("too-late")
    await session.account.changeEmail.mutate({ newEmail: uniqueEmail("moved-on"), password: strongPassword })
    const undo = undoEmailChangeLinkToken(await noticeTo(email))
    api.clock.advance("7 days")
    api.clock.advance("1 second")
    expect(
      await failureOf(api.client().recovery.undoEmailChange.mutate({ token: undo, newPassword: ownersNewPassword }))
    ).toMatchObject({ reason: "TOKEN_EXPIRED", httpStatus: 400 })
  })
})

describe("this wasn't me: a stranger's account with the owner's address", () => {
  it("shows when and from which device it was made, and deleting it ends the stranger's session", async () => {
    const email = uniqueEmail("pre-hijacked")
    const stranger = deviceClient("Stranger's Browser/1.0")
    const strangersSession = deviceClient(
      "Stranger's Browser/1.0",
      (await stranger.auth.signUp.mutate({ email, password: strongPassword, transport: "token" })).sessionToken
    )
    const { createdAt } = (await strangersSession.session.whoami.query()).user
    const link = verificationLinkToken(await mailTo(email, "Confirm your email address"))

    const details = await api.client().recovery.confirmationLinkDetails.mutate({ token: link })
    expect(details).toEqual({
      newAccount: true,
      email,
      createdAt,
      createdFrom: { userAgent: "Stranger's Browser/1.0", ip: "127.0.0.1" }
    })
    await expect(api.client().recovery.rejectSignUp.mutate({ token: link })).resolves.toEqual({ ok: true })

    expect(await failureOf(strangersSession.session.whoami.query())).toMatchObject({
      reason: "SESSION_REVOKED",
      message: expect.stringContaining("accountDeleted")
    })
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: link }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
    expect(
      await failureOf(api.client().auth.signIn.mutate({ email, password: strongPassword, transport: "token" }))
    ).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    // The address is free: its owner signs up with it.
    await expect(signUpWithToken(api.client(), email, "the owner's own passphrase")).resolves.toEqual(
      expect.any(String)
    )
  })

  it("shows nothing of an account that confirmed an address once, and cannot delete it", async () => {
    const { session } = await confirmedAccount("confirmed-once")
    const newEmail = uniqueEmail("typo-of-a-stranger")
    await session.account.changeEmail.mutate({ newEmail, password: strongPassword })
    const link = verificationLinkToken(await mailTo(newEmail, "Confirm your email address"))

    expect(await api.client().recovery.confirmationLinkDetails.mutate({ token: link })).toEqual({
      newAccount: false,
      email: newEmail
    })
    expect(await failureOf(api.client().recovery.rejectSignUp.mutate({ token: link }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
    expect((await session.session.whoami.query()).user.email).toBe(newEmail)
    await api.client().auth.verifyEmail.mutate({ token: link })
    expect((await session.session.whoami.query()).user.emailConfirmed).toBe(true)
  })

  it("is refused for a link that is unknown, used, or no longer the account's address", async () => {
    expect(
      await failureOf(api.client().recovery.confirmationLinkDetails.mutate({ token: "no-such-link" }))
    ).toMatchObject({ reason: "TOKEN_INVALID" })
    const email = uniqueEmail("confirmed-already")
    await signUpWithToken(api.client(), email)
    const link = verificationLinkToken(await mailTo(email, "Confirm your email address"))
    await api.client().auth.verifyEmail.mutate({ token: link })
    expect(await failureOf(api.client().recovery.rejectSignUp.mutate({ token: link }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
  })
})
