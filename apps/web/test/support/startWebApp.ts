import { startTestApi, type TestApi } from "@verity/test-api"
import { freePort, startTestBrowser } from "@verity/testing"
import type { BrowserContextOptions, Page } from "playwright-core"
import { inject } from "vitest"

export type WebAppOptions = {
  /**
   * The server's RESEND_COOLDOWN; the product's default (a minute), so pages show the wait.
   * A test that changes an address soon after signing up uses `shortResendCooldownMs`.
   */
  readonly resendCooldownMs?: number
}

/** The real API serving the built app, and a Chromium whose pages are devices on it. */
export type WebApp = {
  readonly api: TestApi
  /** A new device: its own browser context (its own cookies), opened on the app's origin. */
  newDevice(options?: BrowserContextOptions): Promise<Page>
  close(): Promise<void>
}

/**
 * The API serves the built app on one origin, with the dev outbox (no SMTP_URL), so the tests
 * read emails in the app's dev mailbox like a user would. PUBLIC_URL is the very URL the browser
 * opens, so emailed links, the session cookie and the API's Origin check all agree. Chromium is
 * launched at once and awaited by each test, so without it every test fails by name.
 */
export const startWebApp = async ({ resendCooldownMs = 60_000 }: WebAppOptions = {}): Promise<WebApp> => {
  const chromium = startTestBrowser()
  const port = await freePort()
  const api = await startTestApi({
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEB_DIST_DIR: inject("webDistDir"),
      RESEND_COOLDOWN: `${resendCooldownMs} millis`
    }
  })
  return {
    api,
    newDevice: async (options = {}) => {
      // A fixed locale keeps what the pages say alike from run to run.
      const context = await (await chromium.browser()).newContext({ locale: "en-US", ...options, baseURL: api.url })
      return context.newPage()
    },
    close: async () => {
      await chromium.close()
      await api.close()
    }
  }
}
