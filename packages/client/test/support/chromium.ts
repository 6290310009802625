import { existsSync } from "node:fs"
import { type Browser, chromium } from "playwright-core"

/** Debian's Chromium, as CI installs it; playwright-core brings no browser of its own. */
const chromiumPath = "/usr/bin/chromium"

/** Launches headless Chromium, or fails naming what to install. */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser check needs Chromium at ${chromiumPath}; install it: apt-get install -y chromium`)
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
