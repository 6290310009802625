// Over 200 lines on purpose: the account's whole life (email change, password change and reset, sessions, expiry, suspension) over one server, one describe per flow.
import { type CaughtMail, resetLinkToken, testAdminToken, verificationLinkToken } from "@verity/testing"
import { execFile } from "node:child_process"
import { rm } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import {
  failureOf,
  shortResendCooldown,
  signInWithToken,
  signUpWithToken,
  startTestApi,
  strongPassword,
  testApiWithMailForFile,
  uniqueEmail,
  waitOutResendCooldown
} from "@verity/test-api"

// Every lifecycle flow over real HTTP with the real client. "Before the call answers" is checked
// by asking the other sessions right after the call returns: no waiting, no polling.

const execFileAsync = promisify(execFile)
const adminScript = fileURLToPath(new URL("../src/cli/admin.ts", import.meta.url))

const api = testApiWithMailForFile({ env: shortResendCooldown })

const mailTo = (email: string, subject: string, after: Array<CaughtMail> = []) =>
  api.mail.waitForMail((mail) => mail.to.includes(email) && mail.subject === subject && !after.includes(mail))

/** A user with `count` live sessions; the first is the one that signed up. */
const userWithSessions = async (count: number, label: string) => {
  const email = uniqueEmail(label)
  const tokens = [await signUpWithToken(api.client(), email)]
  while (tokens.length < count) tokens.push(await signInWithToken(api.client(), email))
  return { email, tokens, clients: tokens.map((token) => api.client(token)) }
}

describe("account.changeEmail", () => {
  it("every session shows the new, unconfirmed address at once; old links die; both addresses hear of it", async () => {
    const { email, clients } = await userWithSessions(2, "change-email")
    const oldLink = verificationLinkToken(await mailTo(email, "Confirm your email address"))
    const newEmail = uniqueEmail("changed-to")
    await waitOutResendCooldown()

    const answer = await clients[0]!.account.changeEmail.mutate({ newEmail, password: strongPassword })
    expect(answer.user).toMatchObject({ email: newEmail, emailConfirmed: false })
    const other = await clients[1]!.session.whoami.query()
    expect(other.user).toMatchObject({ email: newEmail, emailConfirmed: false })
    expect(other.userVersion).toBe(answer.userVersion)

    expect(await failureOf(api.client().auth.verifyEmail.mutate({ token: oldLink }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
    const notice = await mailTo(email, "Your email address was changed")
    expect(notice.text).toContain(newEmail)
    await api
      .client()
      .auth.verifyEmail.mutate({ token: verificationLinkToken(await mailTo(newEmail, "Confirm your email address")) })
    expect((await clients[1]!.session.whoami.query()).user).toMatchObject({ email: newEmail, emailConfirmed: true })
  })

  it("refuses a wrong password and a taken address, changing nothing", async () => {
    const { email, clients } = await userWithSessions(1, "change-email-refused")
    const taken = (await userWithSessions(1, "taken")).email
    const before = await clients[0]!.session.whoami.query()
    expect(
      await failureOf(
        clients[0]!.account.changeEmail.mutate({ newEmail: uniqueEmail(), password: "wrong password here" })
      )
    ).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    expect(
      await failureOf(
        clients[0]!.account.changeEmail.mutate({ newEmail: taken.toUpperCase(), password: strongPassword })
      )
    ).toMatchObject({ reason: "EMAIL_TAKEN", httpStatus: 409 })
    expect(await clients[0]!.session.whoami.query()).toMatchObject({ user: { email }, userVersion: before.userVersion })
  })
})

describe("account.changePassword", () => {
  it("revokes every other session before answering; the current one stays; the old password stops working", async () => {
    const { email, clients } = await userWithSessions(3, "change-password")
    const newPassword = "a brand new passphrase 7"
    expect(await clients[0]!.account.changePassword.mutate({ currentPassword: strongPassword, newPassword })).toEqual({
      revokedSessions: 2
    })
    for (const other of clients.slice(1)) {
      expect(await failureOf(other.session.whoami.query())).toMatchObject({
        reason: "SESSION_REVOKED",
        httpStatus: 401,
        message: expect.stringContaining("passwordChanged")
      })
    }
    expect((await clients[0]!.session.whoami.query()).session.state).toBe("active.unverified")
    expect(await failureOf(signInWithToken(api.client(), email))).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    await expect(signInWithToken(api.client(), email, newPassword)).resolves.toEqual(expect.any(String))
    await mailTo(email, "Your password was changed")
  })

  it("refuses a weak new password and a wrong current one, revoking nothing", async () => {
    const { clients } = await userWithSessions(2, "change-password-refused")
    expect(
      await failureOf(
        clients[0]!.account.changePassword.mutate({ currentPassword: strongPassword, newPassword: "short" })
      )
    ).toMatchObject({ reason: "WEAK_PASSWORD" })
    expect(
      await failureOf(
        clients[0]!.account.changePassword.mutate({
          currentPassword: "not my password",
          newPassword: "another fine passphrase"
        })
      )
    ).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    await expect(clients[1]!.session.whoami.query()).resolves.toBeTruthy()
  })
})

describe("password reset", () => {
  it("answers the same for known and unknown addresses; only a known one gets mail", async () => {
    const { email } = await userWithSessions(1, "reset-known")
    const unknown = uniqueEmail("reset-unknown")
    const known = await api.client().auth.requestPasswordReset.mutate({ email })
    const missing = await api.client().auth.requestPasswordReset.mutate({ email: unknown })
    expect(known).toEqual({ ok: true })
    expect(missing).toEqual(known)
    await mailTo(email, "Reset your password")
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(api.mail.messages.some((mail) => mail.to.includes(unknown))).toBe(false)
  })

  it("a reset link sets the new password once and ends every session", async () => {
    const { email, clients } = await userWithSessions(2, "reset")
    await api.client().auth.requestPasswordReset.mutate({ email })
    const token = resetLinkToken(await mailTo(email, "Reset your password"))

    expect(await failureOf(api.client().auth.resetPassword.mutate({ token, newPassword: "short" }))).toMatchObject({
      reason: "WEAK_PASSWORD"
    })
    const newPassword = "reset to this passphrase 9"
    await expect(api.client().auth.resetPassword.mutate({ token, newPassword })).resolves.toEqual({ ok: true })
    for (const client of clients) {
      expect(await failureOf(client.session.whoami.query())).toMatchObject({
        reason: "SESSION_REVOKED",
        message: expect.stringContaining("passwordReset")
      })
    }
    expect(
      await failureOf(api.client().auth.resetPassword.mutate({ token, newPassword: "yet another passphrase" }))
    ).toMatchObject({ reason: "TOKEN_INVALID" })
    await expect(signInWithToken(api.client(), email, newPassword)).resolves.toEqual(expect.any(String))
  })

  it("a reset link expires after an hour", async () => {
    const { email } = await userWithSessions(1, "reset-expired")
    await api.client().auth.requestPasswordReset.mutate({ email })
    const token = resetLinkToken(await mailTo(email, "Reset your password"))
    api.clock.advance("61 minutes")
    expect(
      await failureOf(api.client().auth.resetPassword.mutate({ token, newPassword: "too late passphrase" }))
    ).toMatchObject({ reason: "TOKEN_EXPIRED" })
  })
})

describe("session.list / revoke / revokeOthers", () => {
  it("lists the user's sessions with the current one marked, and revokes one or all others", async () => {
    const { clients } = await userWithSessions(3, "sessions")
    const mine = await clients[0]!.session.whoami.query()
    const listed = await clients[0]!.session.list.query()
    expect(listed).toHaveLength(3)
    expect(listed.filter((view) => view.current).map((view) => view.id)).toEqual([mine.session.id])
    expect(listed.every((view) => view.state === "active.unverified" && view.ip === "127.0.0.1")).toBe(true)

    const victim = listed.find((view) => !view.current)!
    await expect(clients[0]!.session.revoke.mutate({ sessionId: victim.id })).resolves.toEqual({ ok: true })
    expect((await clients[0]!.session.list.query()).map((view) => view.id)).not.toContain(victim.id)
    expect(await clients[0]!.session.revokeOthers.mutate()).toEqual({ revoked: 1 })
    for (const other of clients.slice(1)) {
      expect(await failureOf(other.session.whoami.query())).toMatchObject({ reason: "SESSION_REVOKED" })
    }
    expect(await clients[0]!.session.list.query()).toHaveLength(1)
  })

  it("another user's session cannot be seen or revoked: it answers as if it did not exist", async () => {
    const alice = await userWithSessions(1, "alice")
    const mallory = await userWithSessions(1, "mallory")
    const aliceSession = (await alice.clients[0]!.session.whoami.query()).session.id
    expect((await mallory.clients[0]!.session.list.query()).map((view) => view.id)).not.toContain(aliceSession)
    const foreign = await failureOf(mallory.clients[0]!.session.revoke.mutate({ sessionId: aliceSession }))
    const missing = await failureOf(mallory.clients[0]!.session.revoke.mutate({ sessionId: crypto.randomUUID() }))
    expect(foreign).toEqual(missing)
    expect(foreign).toMatchObject({ reason: "NOT_FOUND", httpStatus: 404 })
    await expect(alice.clients[0]!.session.whoami.query()).resolves.toBeTruthy()
  })
})

describe("suspension", () => {
  it("ends every session at once, refuses sign-in, and unsuspending allows a new sign-in", async () => {
    const { email, clients } = await userWithSessions(2, "suspend")
    const admin = api.client(testAdminToken)
    expect(await admin.admin.suspendUser.mutate({ email })).toEqual({ revokedSessions: 2 })
    for (const client of clients) {
      expect(await failureOf(client.session.whoami.query())).toMatchObject({
        reason: "SESSION_REVOKED",
        message: expect.stringContaining("suspended")
      })
    }
    expect(await failureOf(signInWithToken(api.client(), email))).toMatchObject({
      reason: "ACCOUNT_SUSPENDED",
      httpStatus: 403
    })
    await admin.admin.unsuspendUser.mutate({ email })
    const fresh = api.client(await signInWithToken(api.client(), email))
    expect((await fresh.session.whoami.query()).user.status).toBe("active")
    for (const client of clients)
      expect(await failureOf(client.session.whoami.query())).toMatchObject({ reason: "SESSION_REVOKED" })
  })

  it("admin procedures need the operator token", async () => {
    const { email, clients } = await userWithSessions(1, "not-admin")
    expect(await failureOf(clients[0]!.admin.suspendUser.mutate({ email }))).toMatchObject({ httpStatus: 403 })
    expect(await failureOf(api.client("wrong-admin-token").admin.suspendUser.mutate({ email }))).toMatchObject({
      httpStatus: 403
    })
    await expect(clients[0]!.session.whoami.query()).resolves.toBeTruthy()
  })
})

describe("session expiry", () => {
  it("a session idle for longer than the idle timeout is refused, and says it expired", async () => {
    const { clients } = await userWithSessions(1, "idle")
    api.clock.advance("7 days")
    const failure = await failureOf(clients[0]!.session.whoami.query())
    expect(failure).toMatchObject({
      reason: "SESSION_REVOKED",
      httpStatus: 401,
      message: expect.stringContaining("expired")
    })
  })
})

describe("rate limits", () => {
  it("throttles password guessing for an account without touching its live session", async () => {
    const { email, clients } = await userWithSessions(1, "guessing")
    for (let guess = 0; guess < 5; guess++) {
      expect(
        await failureOf(api.client().auth.signIn.mutate({ email, password: `guess number ${guess}` }))
      ).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    }
    const limited = await failureOf(api.client().auth.signIn.mutate({ email, password: strongPassword }))
    expect(limited).toMatchObject({ reason: "RATE_LIMITED", httpStatus: 429 })
    expect(limited.retryAfterSeconds).toBeGreaterThan(0)
    await expect(clients[0]!.session.whoami.query()).resolves.toMatchObject({ user: { email } })
  })

  it("limits hold across a restart of the server", async () => {
    const restartable = await startTestApi({ dataDir: api.dataDir + "-limits" })
    const email = uniqueEmail("limits-restart")
    await signUpWithToken(restartable.client(), email)
    for (let guess = 0; guess < 10; guess++)
      await failureOf(restartable.client().auth.signIn.mutate({ email, password: `wrong ${guess} guess` }))
    await restartable.close()
    const restarted = await startTestApi({ dataDir: restartable.dataDir })
    try {
      expect(await failureOf(restarted.client().auth.signIn.mutate({ email, password: strongPassword }))).toMatchObject(
        { reason: "RATE_LIMITED" }
      )
    } finally {
      await restarted.close()
      await rm(restartable.dataDir, { recursive: true, force: true })
    }
  })

  it("limits reset requests per address, with the same answer for unknown addresses", async () => {
    const email = uniqueEmail("reset-flood")
    for (let request = 0; request < 3; request++) await api.client().auth.requestPasswordReset.mutate({ email })
    expect(await failureOf(api.client().auth.requestPasswordReset.mutate({ email }))).toMatchObject({
      reason: "RATE_LIMITED"
    })
  })
})

/** `npm run admin` as an operator runs it, against the test server. */
const admin = (...args: Array<string>) =>
  execFileAsync(process.execPath, [adminScript, ...args], {
    env: { ...process.env, ADMIN_TOKEN: testAdminToken, VERITY_URL: api.url }
  })

/** Signs up with the cookie transport, then sends raw requests with that cookie from `origin`. */
const cookieClient = async (origin: string) => {
  const response = await fetch(`${api.url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://verity.test" },
    body: JSON.stringify({ email: uniqueEmail("csrf"), password: strongPassword })
  })
  const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!
  return (path: string, body: unknown) =>
    fetch(`${api.url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin },
      body: JSON.stringify(body)
    })
}

describe("npm run admin", () => {
  it("suspends and unsuspends through the running server", async () => {
    const { email, clients } = await userWithSessions(1, "cli")
    expect((await admin("suspend", email)).stdout).toContain(`Suspended ${email}; 1 session(s) ended.`)
    expect(await failureOf(clients[0]!.session.whoami.query())).toMatchObject({ reason: "SESSION_REVOKED" })
    expect((await admin("unsuspend", email)).stdout).toContain(`Unsuspended ${email}`)
    const refused = await admin("suspend").catch((error: { code: number; stderr: string }) => error)
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: npm run admin") })
  })
})

describe("CSRF", () => {
  it("refuses a cookie-authenticated change from another site, and allows it from the app's origin", async () => {
    const fromEvil = await cookieClient("https://evil.example")
    const refused = await fromEvil("session.revokeOthers", {})
    expect(refused.status).toBe(403)
    const body = (await refused.json()) as { error: { data: { reason: string } } }
    expect(body.error.data.reason).toBe("CROSS_SITE_REQUEST")

    const fromApp = await cookieClient("http://verity.test")
    expect((await fromApp("session.revokeOthers", {})).status).toBe(200)
  })
})
