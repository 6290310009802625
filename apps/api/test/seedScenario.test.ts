import { verificationCode, verificationLinkToken } from "@verity/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  failureOf,
  signInWithToken,
  signUpWithToken,
  startTestApiWithMail,
  type TestApiWithMail,
  uniqueEmail
} from "@verity/test-api"

// The Puter incident, replayed: three live sessions of one user; the email is confirmed from a
// client with no session; every session must show it on its very next request.

let api: TestApiWithMail

beforeAll(async () => {
  api = await startTestApiWithMail({ env: { PUBLIC_URL: "https://verity.example.test" } })
})

afterAll(async () => {
  await api?.close()
})

const threeSessions = async (email: string) => {
  const anonymous = api.client()
  const tokens = [
    await signUpWithToken(anonymous, email),
    await signInWithToken(anonymous, email),
    await signInWithToken(anonymous, email)
  ]
  return tokens.map((token) => api.client(token))
}

describe("email verification reaches every live session at once", () => {
  it("confirming by the emailed link, from a client with no session", async () => {
    const email = uniqueEmail("link")
    const sessions = await threeSessions(email)
    const before = await Promise.all(sessions.map((session) => session.session.whoami.query()))
    expect(before.map((whoami) => whoami.user.emailConfirmed)).toEqual([false, false, false])
    expect(new Set(before.map((whoami) => whoami.session.id)).size).toBe(3)

    expect(
      await failureOf(sessions[0]!.support.contactUs.mutate({ subject: "Hello", message: "Can you help?" }))
    ).toMatchObject({ reason: "EMAIL_NOT_CONFIRMED", httpStatus: 403 })

    const mail = await api.mail.waitForMail((m) => m.to.includes(email))
    expect(mail.text).toContain("https://verity.example.test/verify-email?token=")
    const token = verificationLinkToken(mail)

    await expect(api.client().auth.verifyEmail.mutate({ token })).resolves.toEqual({ ok: true })

    const after = await Promise.all(sessions.map((session) => session.session.whoami.query()))
    expect(after.map((whoami) => whoami.user.emailConfirmed)).toEqual([true, true, true])
    expect(after.map((whoami) => whoami.session.state)).toEqual([
      "active.verified",
      "active.verified",
      "active.verified"
    ])
    const versions = new Set(after.map((whoami) => whoami.userVersion))
    expect(versions.size).toBe(1)
    expect([...versions][0]).toBeGreaterThan(before[0]!.userVersion)

    const ticket = await sessions[2]!.support.contactUs.mutate({ subject: "Hello", message: "Can you help?" })
    expect(ticket.ticketId).toMatch(/^T-[2-9A-Z]{8}$/)

    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token }))).toMatchObject({
      reason: "TOKEN_INVALID",
      httpStatus: 400
    })
  })

  it("confirming by the 6-digit code, typed into one of the sessions", async () => {
    const email = uniqueEmail("code")
    const sessions = await threeSessions(email)
    expect(
      await failureOf(sessions[1]!.support.contactUs.mutate({ subject: "Hi", message: "Still locked?" }))
    ).toMatchObject({ reason: "EMAIL_NOT_CONFIRMED" })
    const before = await sessions[0]!.session.whoami.query()

    const code = verificationCode(await api.mail.waitForMail((m) => m.to.includes(email)))
    await expect(sessions[1]!.auth.verifyEmail.mutate({ code })).resolves.toEqual({ ok: true })

    const after = await Promise.all(sessions.map((session) => session.session.whoami.query()))
    expect(after.map((whoami) => whoami.user.emailConfirmed)).toEqual([true, true, true])
    expect(new Set(after.map((whoami) => whoami.userVersion))).toEqual(new Set([before.userVersion + 1]))
    await expect(sessions[0]!.support.contactUs.mutate({ subject: "Hi", message: "Unlocked" })).resolves.toMatchObject({
      ticketId: expect.stringMatching(/^T-/)
    })

    expect(await failureOf(sessions[2]!.auth.verifyEmail.mutate({ code }))).toMatchObject({ reason: "TOKEN_INVALID" })
  })
})
