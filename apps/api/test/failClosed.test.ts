import { resetLinkToken, testAdminToken, verificationCode, verificationLinkToken } from "@verity/testing"
import { describe, expect, it } from "vitest"
import {
  apiClient,
  distinctLoopbackAddress,
  failureOf,
  signUpWithToken,
  startTestApi,
  startTestApiWithMail,
  uniqueEmail
} from "@verity/test-api"
import { startApiProcess } from "./support/apiProcess.ts"
import { useProcessTestFixture } from "./support/processTestFixture.ts"

// What an operator's mistake must not hand an attacker: a server that would be unsafe refuses to
// start and says which variable to fix; the public dev mailbox exists only where nothing real is
// sent; production logs carry no secret; the operator token cannot be guessed at speed.

const fixture = useProcessTestFixture("fail-closed")
const { freshDataDir } = fixture

/** Starts the real process and answers what it printed when it refused to start. */
const refusalOf = async (env: Record<string, string>) => {
  const started = await startApiProcess(await freshDataDir(), env).then(
    async (process) => {
      await process.stop()
      return null
    },
    (error: Error) => error.message
  )
  if (started === null) throw new Error(`The server started with ${JSON.stringify(env)}`)
  return started
}

describe("start-up refuses a configuration that would be unsafe, naming the variable", () => {
  it("NODE_ENV=production without SMTP_URL (every reset link would sit in the public dev mailbox)", async () => {
    expect(await refusalOf({ NODE_ENV: "production" })).toMatch(/SMTP_URL: must be set when NODE_ENV=production/)
  })

  it("an ADMIN_TOKEN shorter than 32 characters; 32 are enough", async () => {
    expect(await refusalOf({ ADMIN_TOKEN: "x".repeat(31) })).toMatch(/ADMIN_TOKEN: must be at least 32 characters/)
    const api = await startTestApi({ env: { ADMIN_TOKEN: "y".repeat(32) } })
    fixture.afterThisTest(() => api.close())
    await expect(api.client("y".repeat(32)).admin.evictSessionActors.mutate()).resolves.toEqual({
      evicted: expect.any(Number)
    })
  })

  it("a TRUST_PROXY entry that is not an address or CIDR range", async () => {
    expect(await refusalOf({ TRUST_PROXY: "10.0.0.0/8, lb.internal" })).toMatch(
      /TRUST_PROXY: .*"lb.internal" is not an IP address or a CIDR range/
    )
  })
})

describe("the dev mailbox", () => {
  it("exists without SMTP_URL, and start-up says loudly that anyone can read it", async () => {
    const process = await startApiProcess(await freshDataDir())
    fixture.afterThisTest(() => process.stop())
    expect(process.output()).toMatch(/dev mailbox .* to ANYONE who can reach this server/)
    await expect(apiClient(process.url).dev.mailbox.query()).resolves.toEqual(expect.any(Array))
  })

  it("does not exist once SMTP_URL is set, in development too", async () => {
    const api = await startTestApiWithMail()
    fixture.afterThisTest(() => api.close())
    await signUpWithToken(api.client(), uniqueEmail("no-mailbox"))
    expect(await failureOf(api.client().dev.mailbox.query())).toMatchObject({ reason: "NOT_FOUND", httpStatus: 404 })
  })
})

describe("production", () => {
  it("writes no email body, link, code or token to its logs", async () => {
    const process = await startApiProcess(await freshDataDir(), {
      NODE_ENV: "production",
      SMTP_URL: fixture.smtp.url,
      RESEND_COOLDOWN: "1 second"
    })
    fixture.afterThisTest(() => process.stop())
    const api = apiClient(process.url)
    const email = uniqueEmail("production-logs")
    const session = apiClient(process.url, await signUpWithToken(api, email))
    const verification = await fixture.smtp.waitForMail((mail) => mail.to.includes(email))
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await session.auth.resendVerification.mutate()
    await api.auth.requestPasswordReset.mutate({ email })
    const reset = await fixture.smtp.waitForMail(
      (mail) => mail.to.includes(email) && mail.subject === "Reset your password"
    )
    const resent = await fixture.smtp.waitForMail(
      (mail) => mail.to.includes(email) && mail !== verification && mail.subject === verification.subject
    )
    const secrets = [
      verificationLinkToken(verification),
      verificationCode(verification),
      verificationLinkToken(resent),
      verificationCode(resent),
      resetLinkToken(reset)
    ]
    const bodyLines = [verification, resent, reset].flatMap((mail) =>
      mail.text.split("\n").filter((line) => line.trim().length > 20)
    )
    const output = process.output()
    for (const secret of secrets) expect(output).not.toContain(secret)
    for (const line of bodyLines) expect(output).not.toContain(line.trim())
    expect(output).not.toContain("/verify-email?token=")
    expect(output).not.toContain("/reset-password?token=")
  })
})

describe("the operator token (ADMIN_TOKEN)", () => {
  it("is guessed at most 10 times from one address, even in a burst; then even the right one waits, while other addresses are unaffected", async () => {
    const api = await startTestApi()
    fixture.afterThisTest(() => api.close())
    const guesser = distinctLoopbackAddress()
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, guess) =>
        failureOf(
          api
            .client(`${testAdminToken.slice(0, -2)}${guess}`, { from: guesser, separateRequests: true })
            .admin.evictSessionActors.mutate()
        )
      )
    )
    const reasons = answers.map((answer) => answer.reason)
    expect(reasons.filter((reason) => reason === "FORBIDDEN")).toHaveLength(10)
    expect(reasons.filter((reason) => reason === "RATE_LIMITED")).toHaveLength(20)
    expect(
      await failureOf(api.client(testAdminToken, { from: guesser }).admin.evictSessionActors.mutate())
    ).toMatchObject({ reason: "RATE_LIMITED", httpStatus: 429 })
    await expect(
      api.client(testAdminToken, { from: distinctLoopbackAddress() }).admin.evictSessionActors.mutate()
    ).resolves.toEqual({ evicted: expect.any(Number) })
  })

  it("a request with no token is refused without counting as a guess", async () => {
    const api = await startTestApi()
    fixture.afterThisTest(() => api.close())
    const from = distinctLoopbackAddress()
    for (let request = 0; request < 15; request++) {
      expect(await failureOf(api.client(undefined, { from }).admin.evictSessionActors.mutate())).toMatchObject({
        reason: "FORBIDDEN",
        httpStatus: 403
      })
    }
    await expect(api.client(testAdminToken, { from }).admin.evictSessionActors.mutate()).resolves.toBeTruthy()
  })
})
