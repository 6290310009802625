import { startSmtpCatcher, verificationLinkToken } from "@verity/testing"
import { describe, expect, it } from "vitest"
import { apiClient, failureOf, signInWithToken, signUpWithToken, startTestApi, uniqueEmail } from "@verity/test-api"
import { startApiProcess } from "./support/apiProcess.ts"
import { useProcessTestFixture } from "./support/processTestFixture.ts"

// G3 and G5: a session with no live actor (evicted, or from before a restart or a crash) is
// rebuilt from the store and is current; nothing that was acknowledged is lost.

const fixture = useProcessTestFixture("dormant")
const { freshDataDir } = fixture

describe("dormant sessions are current", () => {
  it("an evicted session is rebuilt from the store and shows a confirmation made while it slept", async () => {
    const api = await startTestApi({ env: { SMTP_URL: fixture.smtp.url } })
    fixture.afterThisTest(() => api.close())
    const email = uniqueEmail("evicted")
    const tokens = [await signUpWithToken(api.client(), email), await signInWithToken(api.client(), email)]
    const before = await api.client(tokens[0]).session.whoami.query()

    expect(await api.evictAllActors()).toBeGreaterThanOrEqual(2)
    await api.client().auth.verifyEmail.mutate({
      token: verificationLinkToken(await fixture.smtp.waitForMail((m) => m.to.includes(email)))
    })

    for (const token of tokens) {
      const whoami = await api.client(token).session.whoami.query()
      expect(whoami.user.emailConfirmed).toBe(true)
      expect(whoami.session.state).toBe("active.verified")
      expect(whoami.userVersion).toBe(before.userVersion + 1)
    }
  })

  it("a restarted server keeps every session: tokens still work, no new sign-in", async () => {
    const dataDir = await freshDataDir()
    const first = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
    const email = uniqueEmail("restart")
    const token = await signUpWithToken(apiClient(first.url), email)
    const before = await apiClient(first.url, token).session.whoami.query()
    expect(await first.stop()).toBe(0)

    const second = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
    fixture.afterThisTest(() => second.kill())
    const after = await apiClient(second.url, token).session.whoami.query()
    expect(after.session.id).toBe(before.session.id)
    expect(after.user).toEqual(before.user)
  })

  it("kill -9 right after a confirmation was acknowledged: after restart it is still there", async () => {
    const dataDir = await freshDataDir()
    const first = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
    const email = uniqueEmail("crash")
    const token = await signUpWithToken(apiClient(first.url), email)
    const linkToken = verificationLinkToken(await fixture.smtp.waitForMail((m) => m.to.includes(email)))
    await apiClient(first.url).auth.verifyEmail.mutate({ token: linkToken })
    await first.kill()

    const second = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
    fixture.afterThisTest(() => second.kill())
    const whoami = await apiClient(second.url, token).session.whoami.query()
    expect(whoami.user.emailConfirmed).toBe(true)
    expect(await failureOf(apiClient(second.url).auth.verifyEmail.mutate({ token: linkToken }))).toMatchObject({
      reason: "TOKEN_INVALID"
    })
  })

  it("kill -9 before a queued email could be delivered: the restarted server still sends it", async () => {
    const dataDir = await freshDataDir()
    // Nothing listens on the first server's SMTP port: the email can only wait in the outbox.
    const closedPort = await startSmtpCatcher()
    const unreachable = closedPort.url
    await closedPort.close()
    const first = await startApiProcess(dataDir, { SMTP_URL: unreachable })
    const email = uniqueEmail("queued")
    await signUpWithToken(apiClient(first.url), email)
    await first.kill()
    expect(fixture.smtp.messages.some((m) => m.to.includes(email))).toBe(false)

    const second = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
    fixture.afterThisTest(() => second.kill())
    const mail = await fixture.smtp.waitForMail((m) => m.to.includes(email), 10_000)
    expect(mail.subject).toBe("Confirm your email address")
  })
})
