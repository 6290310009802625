import { mkdir, rm } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import type { BrowserContextOptions, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import { confirmAsOwner, followEmailLink, password, signIn, signUp } from "./support/userFlows.ts"

// Walks the main pages the way a new user does, on a phone and on a desktop, checking what each
// page says and saving what it looks like. The pictures go to an ignored folder, so a test run
// never changes the tree; `npm run screenshots` copies them to docs/screenshots (the README shows them).

const screenshotDir = fileURLToPath(new URL("../test-output/screenshots/", import.meta.url))

const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true
}
const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } }

let web: WebApp

beforeAll(async () => {
  // Emptied first, so that `npm run screenshots` publishes only this run's pictures.
  await rm(screenshotDir, { recursive: true, force: true })
  await mkdir(screenshotDir, { recursive: true })
  web = await startWebApp()
})
afterAll(async () => {
  await web?.close()
})

// A fixed time zone keeps the dates in the pictures alike from run to run.
const newDevice = (options: BrowserContextOptions): Promise<Page> => web.newDevice({ ...options, timezoneId: "UTC" })

const shoot = (page: Page, name: string) => page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true })

describe("the main pages", () => {
  it("sign-up refuses a weak password with a clear message, then the account goes from locked to confirmed", async () => {
    const email = "ann@example.com"
    const [phoneA, desktopB] = await Promise.all([newDevice(phone), newDevice(desktop)])

    await phoneA.goto("/sign-in")
    await phoneA.getByRole("heading", { name: "Sign in" }).waitFor()
    await shoot(phoneA, "sign-in-phone")

    await phoneA.goto("/sign-up")
    await phoneA.getByLabel("Email address").fill(email)
    await phoneA.getByLabel("Password").fill("hunter2")
    await phoneA.getByRole("button", { name: "Create account" }).click()
    await phoneA.getByRole("alert").getByText("Choose a stronger password. Use at least 12 characters.").waitFor()
    await shoot(phoneA, "sign-up-weak-password-phone")

    await signUp(phoneA, email)
    expect(await phoneA.getByText(`We sent a confirmation link and a 6-digit code to ${email}.`).isVisible()).toBe(true)
    await phoneA.getByLabel("6-digit code").fill("000000")
    await phoneA.getByRole("button", { name: "Confirm email" }).click()
    await phoneA.getByRole("alert").getByText("That code is not right.").waitFor()
    await phoneA.getByText(/You can ask for another one in \d+ seconds\./).waitFor()
    expect(await phoneA.getByRole("button", { name: "Send a new email" }).isDisabled()).toBe(true)
    await shoot(phoneA, "check-inbox-phone")

    await phoneA.getByRole("link", { name: "Account", exact: true }).click()
    await phoneA.getByRole("button", { name: "Send message" }).waitFor()
    await shoot(phoneA, "account-unconfirmed-phone")

    await confirmAsOwner(desktopB, email)
    await desktopB.goto("/dev/mailbox")
    await desktopB.getByRole("article", { name: "Confirm your email address" }).waitFor()
    await shoot(desktopB, "dev-mailbox-desktop")

    await phoneA.getByRole("button", { name: "Send message", disabled: false }).waitFor({ timeout: 1_000 })
    await phoneA.getByLabel("Subject").fill("Hello")
    await phoneA.getByLabel("Message").fill("Confirmed on my laptop, and my phone knew at once.")
    await phoneA.getByRole("button", { name: "Send message" }).click()
    await phoneA.getByText(/Your ticket id is T-/).waitFor()
    await shoot(phoneA, "account-confirmed-phone")

    await signIn(desktopB, email)
    await shoot(desktopB, "account-confirmed-desktop")

    await desktopB.getByRole("link", { name: "Sessions", exact: true }).click()
    await desktopB.getByText("This device").waitFor()
    const signedIn = desktopB.getByRole("list", { name: "Signed-in sessions" })
    expect(await signedIn.getByRole("listitem").filter({ hasText: "Chrome on" }).count()).toBe(2)
    expect(await desktopB.getByRole("button", { name: /^Sign out this session/ }).count()).toBe(1)
    await shoot(desktopB, "sessions-desktop")

    await desktopB.getByRole("link", { name: "Account", exact: true }).click()
    await desktopB.getByRole("link", { name: "Change password" }).click()
    await desktopB.getByLabel("Current password").fill("not my password at all")
    await desktopB.getByLabel("New password").fill("another long passphrase")
    await desktopB.getByRole("button", { name: "Change password" }).click()
    await desktopB.getByRole("alert").getByText("Your current password is not right.").waitFor()
    await desktopB.getByLabel("Current password").fill(password)
    await desktopB.getByRole("button", { name: "Change password" }).click()
    await desktopB.getByText("1 other session was signed out.").waitFor()

    await phoneA
      .getByText("You were signed out because the password was changed on another device.")
      .waitFor({ timeout: 1_000 })
    await shoot(phoneA, "signed-out-phone")
  })

  it("forgot and reset password, through the dev mailbox", async () => {
    const email = "bob@example.com"
    const page = await newDevice(desktop)
    await signUp(page, email)
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.getByText("You signed out.").waitFor()

    await page.getByRole("link", { name: "Forgot your password?" }).click()
    await page.getByLabel("Email address").fill(email)
    await page.getByRole("button", { name: "Send reset link" }).click()
    await page.getByText(`If an account uses ${email}, we just sent it a link`).waitFor()
    await shoot(page, "forgot-password-desktop")

    // The email is written after the answer (so its timing reveals nothing): wait for it.
    await page.goto("/dev/mailbox")
    await page.getByRole("article", { name: "Reset your password" }).waitFor()
    await followEmailLink(page, email, "Reset your password")
    await page.getByLabel("New password").fill("password")
    await page.getByRole("button", { name: "Set new password" }).click()
    await page.getByRole("alert").getByText("Choose a stronger password.").waitFor()
    await shoot(page, "reset-password-desktop")
    await page.getByLabel("New password").fill("a fresh start for bob")
    await page.getByRole("button", { name: "Set new password" }).click()
    await page.getByText("Your password is changed.").waitFor()

    // By keyboard alone: the fields come in order, and Enter sends the form.
    await page.getByRole("link", { name: "Sign in with your new password" }).click()
    await page.getByLabel("Email address").focus()
    await page.keyboard.type(email)
    await page.keyboard.press("Tab")
    await page.keyboard.type("a fresh start for bob")
    await page.keyboard.press("Enter")
    await page.getByRole("heading", { name: "Your account" }).waitFor()
    expect(await page.getByRole("region", { name: "Account details" }).getByText(email).isVisible()).toBe(true)
  })
})
