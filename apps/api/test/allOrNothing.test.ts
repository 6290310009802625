import { describe, expect, it } from "vitest"
import {
  apiClient,
  failureOf,
  signInWithToken,
  signUpWithToken,
  storeSnapshot,
  strongPassword,
  uniqueEmail
} from "@verity/test-api"
import { startApiProcess } from "./support/apiProcess.ts"
import { useProcessTestFixture } from "./support/processTestFixture.ts"

// A mutation that writes several records commits them together or not at all. The server is
// killed (SIGKILL, by itself, at a fail point the test arms) between two writes of one
// transaction; after a restart nothing half-done can be seen.

const fixture = useProcessTestFixture("all-or-nothing")
const { freshDataDir } = fixture

/** A server that SIGKILLs itself when a request reaches `failPoint`. */
const startArmed = (dataDir: string, failPoint: string) =>
  startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url, NODE_ENV: "test", VERITY_FAIL_POINT: `${failPoint}:crash` })

const start = async (dataDir: string) => {
  const server = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
  fixture.afterThisTest(() => server.kill())
  return server
}

// Each case starts three server processes one after another: more than the default 30 s on a
// busy two-core machine.
describe("kill -9 between two writes of one transaction", { timeout: 90_000 }, () => {
  it("sign-up killed after the user was written: no account without its email, and the address signs up again", async () => {
    const dataDir = await freshDataDir()
    const armed = await startArmed(dataDir, "signUp.afterUserWrite")
    const email = uniqueEmail("half-signed-up")
    const answer = apiClient(armed.url).auth.signUp.mutate({ email, password: strongPassword, transport: "token" })
    await expect(answer).rejects.toThrow("fetch failed")
    expect(await armed.exited).toEqual({ code: null, signal: "SIGKILL" })

    const rows = storeSnapshot(dataDir)
    expect(rows["users"]).toEqual([])
    expect(rows["one_time_tokens"]).toEqual([])
    expect(rows["outbox"]).toEqual([])

    const server = await start(dataDir)
    expect(
      await failureOf(apiClient(server.url).auth.signIn.mutate({ email, password: strongPassword }))
    ).toMatchObject({ reason: "INVALID_CREDENTIALS" })
    await signUpWithToken(apiClient(server.url), email)
    expect((await fixture.smtp.waitForMail((mail) => mail.to.includes(email))).subject).toBe(
      "Confirm your email address"
    )
  })

  it("a password change killed after the new password was written: the old password and the old sessions still work together, the new one does not", async () => {
    const dataDir = await freshDataDir()
    const email = uniqueEmail("half-changed")
    const newPassword = "a completely different passphrase 7"
    const before = await start(dataDir)
    const changing = await signUpWithToken(apiClient(before.url), email)
    const other = await signInWithToken(apiClient(before.url), email)
    await before.kill()

    const armed = await startArmed(dataDir, "passwordChange.afterPasswordWrite")
    await expect(
      apiClient(armed.url, changing).account.changePassword.mutate({ currentPassword: strongPassword, newPassword })
    ).rejects.toThrow("fetch failed")
    expect(await armed.exited).toEqual({ code: null, signal: "SIGKILL" })

    const after = await start(dataDir)
    expect((await apiClient(after.url, other).session.whoami.query()).session.state).toBe("active.unverified")
    await signInWithToken(apiClient(after.url), email, strongPassword)
    expect(await failureOf(apiClient(after.url).auth.signIn.mutate({ email, password: newPassword }))).toMatchObject({
      reason: "INVALID_CREDENTIALS"
    })
  })
})
