import type { Whoami } from "@verity/domain"
import { verificationLinkToken } from "@verity/testing"
import { describe, expect, it, vi } from "vitest"
import { apiClient, signUpWithToken, uniqueEmail } from "@verity/test-api"
import { startApiProcess } from "./support/apiProcess.ts"
import { useProcessTestFixture } from "./support/processTestFixture.ts"
import { subscriptionClient } from "./support/subscriptionClient.ts"

// A deploy sends SIGTERM and waits; a server that never exits is SIGKILLed, cutting every
// request. Open `session.changes` streams (one per browser tab) must not hold the exit.

const fixture = useProcessTestFixture("shutdown")
const { freshDataDir } = fixture

/** A browser tab's stream, through tRPC's own subscription link and a real EventSource. */
const watch = (url: string, token: string) => {
  const client = subscriptionClient(url, token)
  const events: Array<{ id: string; data: Whoami }> = []
  const ends: Array<string> = []
  const subscription = client.session.changes.subscribe(undefined, {
    onData: (event) => events.push(event),
    onError: (error) => ends.push(`error: ${error.message}`),
    onComplete: () => ends.push("complete")
  })
  fixture.afterThisTest(async () => subscription.unsubscribe())
  return { events, ends }
}

const portOf = (url: string) => new URL(url).port

describe("SIGTERM with open session.changes streams", () => {
  it("ends every stream at once, exits 0 well within the drain window, and the clients resume on the next server", async () => {
    const dataDir = await freshDataDir()
    const first = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url })
    fixture.afterThisTest(() => first.kill())
    const email = uniqueEmail("deploy")
    const token = await signUpWithToken(apiClient(first.url), email)
    const tabs = [watch(first.url, token), watch(first.url, token)]
    await vi.waitFor(() => expect(tabs.every((tab) => tab.events.length === 1)).toBe(true))

    const signalled = performance.now()
    expect(await first.stop()).toBe(0)
    // The default window is 10 s: an exit this fast means nothing waited for the streams to time out.
    expect(performance.now() - signalled).toBeLessThan(3_000)

    // The next server takes the same address, as in a deploy; each tab's EventSource reconnects
    // by itself with its last event id, so nothing is sent again until something changes.
    const second = await startApiProcess(dataDir, { SMTP_URL: fixture.smtp.url, PORT: portOf(first.url) })
    fixture.afterThisTest(() => second.kill())
    const linkToken = verificationLinkToken(await fixture.smtp.waitForMail((mail) => mail.to.includes(email)))
    await vi.waitFor(
      async () => {
        await apiClient(second.url)
          .auth.verifyEmail.mutate({ token: linkToken })
          .catch(() => undefined)
        for (const tab of tabs) expect(tab.events.map((event) => event.data.user.emailConfirmed)).toEqual([false, true])
      },
      { timeout: 15_000, interval: 500 }
    )
    for (const tab of tabs) expect(tab.ends).toEqual([])
  })

  it("lets an in-flight request finish before exiting 0", async () => {
    const dataDir = await freshDataDir()
    const server = await startApiProcess(dataDir, {
      NODE_ENV: "test",
      VERITY_FAIL_POINT: "afterAuthentication:delay 2 seconds"
    })
    fixture.afterThisTest(() => server.kill())
    const token = await signUpWithToken(apiClient(server.url), uniqueEmail("in-flight"))
    const answer = apiClient(server.url, token).session.whoami.query()
    await vi.waitFor(() => expect(server.output()).toContain("Fail point afterAuthentication reached"))

    const stopped = server.stop()
    expect((await answer).session.state).toBe("active.unverified")
    expect(await stopped).toBe(0)
  })

  it("cuts a request still running at the end of SHUTDOWN_DRAIN_TIMEOUT and still exits 0 within it", async () => {
    const dataDir = await freshDataDir()
    const server = await startApiProcess(dataDir, {
      NODE_ENV: "test",
      SHUTDOWN_DRAIN_TIMEOUT: "1 second",
      VERITY_FAIL_POINT: "afterAuthentication:delay 60 seconds"
    })
    fixture.afterThisTest(() => server.kill())
    const token = await signUpWithToken(apiClient(server.url), uniqueEmail("too-slow"))
    const answer = apiClient(server.url, token)
      .session.whoami.query()
      .then(
        () => "answered",
        () => "cut"
      )
    await vi.waitFor(() => expect(server.output()).toContain("Fail point afterAuthentication reached"))

    const signalled = performance.now()
    expect(await server.stop()).toBe(0)
    expect(performance.now() - signalled).toBeLessThan(4_000)
    expect(await answer).toBe("cut")
    expect(server.output()).toContain("Requests still running at the end of SHUTDOWN_DRAIN_TIMEOUT")
  })
})
