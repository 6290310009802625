import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import { signUp, uniqueEmail } from "./support/userFlows.ts"

// Every page of the built app, in Chromium, under the Content-Security-Policy the API sends with
// it: a page that needed an inline script, an inline style attribute, or anything from another
// origin would be blocked, and the browser reports each block.

let web: WebApp

beforeAll(async () => {
  web = await startWebApp()
})
afterAll(async () => {
  await web?.close()
})

// The app's routes (src/app/AppRoutes.tsx), with a token where a landing page wants one.
const signedOutPages = [
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/verify-email?token=not-a-real-token",
  "/reset-password?token=not-a-real-token",
  "/undo-email-change?token=not-a-real-token",
  "/dev/mailbox",
  "/no-such-page",
  "/"
]
const signedInPages = ["/check-inbox", "/account", "/contact", "/sessions", "/change-email", "/change-password", "/"]

/** Records every policy violation the page reports, from its very first script on. */
const watchForViolations = async (page: Page) => {
  const violations: Array<string> = []
  await page.exposeFunction("reportViolation", (description: string) => violations.push(description))
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportViolation: (description: string) => void }).reportViolation
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`
      )
    })
  })
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  return violations
}

/** Opens the page and waits until the app has drawn it and said what it is. */
const visit = async (page: Page, path: string) => {
  const response = await page.goto(path)
  await page.getByRole("heading", { level: 1 }).first().waitFor()
  await page.waitForLoadState("networkidle")
  return response?.headers()["content-security-policy"] ?? ""
}

describe("the Content-Security-Policy", () => {
  it("every page, signed out and signed in, loads under it with no violation", async () => {
    const page = await web.newDevice()
    const violations = await watchForViolations(page)
    for (const path of signedOutPages) {
      const policy = await visit(page, path)
      expect([path, policy]).toEqual([path, expect.stringContaining("script-src 'self'")])
      expect([path, violations]).toEqual([path, []])
    }
    await signUp(page, uniqueEmail("policy"))
    for (const path of signedInPages) {
      await visit(page, path)
      expect([path, violations]).toEqual([path, []])
    }
  })

  it("would report a violation: an inline script is blocked", async () => {
    const page = await web.newDevice()
    const violations = await watchForViolations(page)
    await visit(page, "/sign-in")
    await page.evaluate(() => {
      const script = document.createElement("script")
      script.textContent = "window.inlineRan = true"
      document.body.append(script)
    })
    await expect.poll(() => violations.length).toBeGreaterThan(0)
    expect(await page.evaluate(() => "inlineRan" in window)).toBe(false)
  })
})
