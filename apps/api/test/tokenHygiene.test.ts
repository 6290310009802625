import { verificationCode, verificationLinkToken } from "@verity/testing"
import { describe, expect, it } from "vitest"
import { failureOf, signUpWithToken, type TestApiWithMail, testApiWithMailForFile, uniqueEmail } from "@verity/test-api"

const api = testApiWithMailForFile({ env: { RESEND_COOLDOWN: "1 second" } })

/** A new account with its session and the verification email it was sent. */
const newAccount = async (label: string) => {
  const email = uniqueEmail(label)
  const token = await signUpWithToken(api.client(), email)
  const mail = await api.mail.waitForMail((m) => m.to.includes(email))
  return { email, session: api.client(token), mail }
}

const confirmed = async (session: ReturnType<TestApiWithMail["client"]>) =>
  (await session.session.whoami.query()).user.emailConfirmed

describe("verification tokens", () => {
  it("a link works once", async () => {
    const { session, mail } = await newAccount("reuse")
    const token = verificationLinkToken(mail)
    await api.client().auth.verifyEmail.mutate({ token })
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token }))).toMatchObject({
      reason: "TOKEN_INVALID",
      httpStatus: 400
    })
    expect(await confirmed(session)).toBe(true)
  })

  it("an unknown link is refused", async () => {
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: "no-such-token" }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
  })

  it("a link older than 24 hours is refused as expired, and changes nothing", async () => {
    const { session, mail } = await newAccount("expired-link")
    api.clock.advance("24 hours")
    api.clock.advance("1 second")
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(mail) }))).toMatchObject(
      { reason: "TOKEN_EXPIRED", httpStatus: 400 }
    )
    expect(await confirmed(session)).toBe(false)
  })

  it("a code older than 15 minutes is refused as expired, while the link still works", async () => {
    const { session, mail } = await newAccount("expired-code")
    api.clock.advance("15 minutes")
    expect(await failureOf(session.auth.verifyEmail.mutate({ code: verificationCode(mail) }))).toMatchObject({
      reason: "TOKEN_EXPIRED"
    })
    await api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(mail) })
    expect(await confirmed(session)).toBe(true)
  })

  it("five wrong codes burn it: even the right code is refused after that", async () => {
    const { session, mail } = await newAccount("wrong-code")
    const right = verificationCode(mail)
    const wrong = right === "000000" ? "111111" : "000000"
    for (let attemptsLeft = 4; attemptsLeft >= 1; attemptsLeft--) {
      const failure = await failureOf(session.auth.verifyEmail.mutate({ code: wrong }))
      expect(failure).toMatchObject({ reason: "CODE_INVALID", httpStatus: 400 })
      expect(failure.message).toContain(`${attemptsLeft} attempts left`)
    }
    expect(await failureOf(session.auth.verifyEmail.mutate({ code: wrong }))).toMatchObject({
      reason: "TOO_MANY_ATTEMPTS",
      httpStatus: 429
    })
    expect(await failureOf(session.auth.verifyEmail.mutate({ code: right }))).toMatchObject({
      reason: "TOO_MANY_ATTEMPTS"
    })
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(mail) }))).toMatchObject(
      { reason: "TOKEN_INVALID" }
    )
    expect(await confirmed(session)).toBe(false)
  })

  it("a code needs the session it was sent for", async () => {
    const { mail } = await newAccount("code-no-session")
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ code: verificationCode(mail) }))).toMatchObject({
      reason: "UNAUTHENTICATED",
      httpStatus: 401
    })
  })

  it("a token sent to an address that is no longer the user's is refused", async () => {
    const { email, session, mail } = await newAccount("moved")
    // An operator changes the address directly in the store.
    await api.writeUserBehindTheApi(email, { email: `moved-${email}` })
    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(mail) }))).toMatchObject(
      { reason: "TOKEN_INVALID" }
    )
    expect(await confirmed(session)).toBe(false)
  })

  it("a resend voids the earlier email and is rate-limited with retryAfterSeconds", async () => {
    const { email, session, mail: first } = await newAccount("resend")
    // Real time: the cool-down is counted in the store, where the test's clock does not reach.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const resent = await session.auth.resendVerification.mutate()
    expect(resent).toEqual({ sentTo: email, retryAfterSeconds: 1 })
    const limited = await failureOf(session.auth.resendVerification.mutate())
    expect(limited).toMatchObject({ reason: "RATE_LIMITED", httpStatus: 429, retryAfterSeconds: 1 })

    const second = await api.mail.waitForMail(
      (m) => m.to.includes(email) && verificationLinkToken(m) !== verificationLinkToken(first)
    )
    expect(
      await failureOf(api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(first) }))
    ).toMatchObject({ reason: "TOKEN_INVALID" })
    await api.client().auth.verifyEmail.mutate({ token: verificationLinkToken(second) })
    expect(await confirmed(session)).toBe(true)
    expect(await failureOf(session.auth.resendVerification.mutate())).toMatchObject({ reason: "VALIDATION" })
  })
})
