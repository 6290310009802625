import { existsSync } from "node:fs"
import { type Browser, chromium } from "playwright-core"

/** Debian's Chromium, as CI installs it; playwright-core brings no browser of its own. */
const chromiumPath = "/usr/bin/chromium"

/** Launches headless Chromium, or fails naming what to install. */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Browser tests need Chromium at ${chromiumPath}; install it: apt-get install -y chromium`)
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  })
}

/**
 * One Chromium for a test file, launched at once. Every test awaits it, so without Chromium every
 * test fails, by name, with the install hint: a failing beforeAll would only mark them skipped,
 * and browser tests that quietly skip prove nothing.
 */
export const startTestBrowser = () => {
  const launched = launchChromium()
  // Reported by each test that awaits it; not an unhandled rejection meanwhile.
  launched.catch(() => undefined)
  return {
    browser: () => launched,
    close: async () => {
      const browser = await launched.catch(() => undefined)
      await browser?.close()
    }
  }
}

export type TestBrowser = ReturnType<typeof startTestBrowser>
