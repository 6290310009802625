import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { shortResendCooldownMs, waitOutResendCooldown } from "@verity/test-api"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import { followEmailLink, password, signIn, signUp, uniqueEmail } from "./support/userFlows.ts"

// The pages emailed links land on, in Chromium: the token leaves the address bar at once, and the
// owner of an address can take their account back, or refuse a stranger's, from their mailbox.

let web: WebApp

beforeAll(async () => {
  // Short: a test changes the address it just signed up with.
  web = await startWebApp({ resendCooldownMs: shortResendCooldownMs })
})
afterAll(async () => {
  await web?.close()
})

/** The query part of what the address bar shows. */
const addressBarQuery = (page: Page) => page.evaluate(() => location.search)

describe("links in emails", () => {
  it("the confirmation, reset and take-back pages keep their token out of the address bar", async () => {
    const email = uniqueEmail("address-bar")
    const owner = await web.newDevice()
    await signUp(owner, email)

    await followEmailLink(owner, email, "Confirm your email address")
    await owner.getByText("Your email address is confirmed.").waitFor()
    expect(await addressBarQuery(owner)).toBe("")
    // Replaced, not pushed: going back does not find the token either.
    await owner.goBack()
    expect(new URL(owner.url()).searchParams.has("token")).toBe(false)

    const newEmail = uniqueEmail("address-bar-moved")
    await owner.goto("/change-email")
    await owner.getByLabel("New email address").fill(newEmail)
    await owner.getByLabel("Current password").fill(password)
    // The sign-up's verification email was the last one to this user: the change's waits for the cool-down.
    await waitOutResendCooldown()
    await owner.getByRole("button", { name: "Change email" }).click()
    await owner.getByRole("status").getByText(`Your email address is now ${newEmail}.`).waitFor()

    const mailbox = await web.newDevice()
    await followEmailLink(mailbox, email, "Your email address was changed")
    await mailbox.getByRole("heading", { name: "Take your account back" }).waitFor()
    expect(await addressBarQuery(mailbox)).toBe("")
    await mailbox.getByLabel("New password").fill("taken back, and mine 42")
    await mailbox.getByRole("button", { name: "Take my account back" }).click()
    await mailbox.getByText("Your account is back on this email address").waitFor()
    await owner
      .getByText("the owner of this account's previous email address took it back after an email change")
      .waitFor({ timeout: 2_000 })

    await mailbox.goto("/forgot-password")
    await mailbox.getByLabel("Email address").fill(email)
    await mailbox.getByRole("button", { name: "Send reset link" }).click()
    await mailbox.getByText(/If an account uses/).waitFor()
    await followEmailLink(mailbox, email, "Reset your password")
    await mailbox.getByRole("heading", { name: "Choose a new password" }).waitFor()
    expect(await addressBarQuery(mailbox)).toBe("")
    await mailbox.getByLabel("New password").fill("reset after taking it back 7")
    await mailbox.getByRole("button", { name: "Set new password" }).click()
    await mailbox.getByText("Your password is changed.").waitFor()
    await signIn(mailbox, email, "reset after taking it back 7")
  })

  it("a stranger's sign-up with my address: the link says when and from where, and deletes it", async () => {
    const email = uniqueEmail("not-mine")
    const stranger = await web.newDevice()
    await signUp(stranger, email)

    const owner = await web.newDevice()
    await followEmailLink(owner, email, "Confirm your email address")
    const question = owner.getByRole("region", { name: "Did you create this account?" })
    await question.waitFor()
    expect(await question.getByText("Chrome on Linux").isVisible()).toBe(true)
    expect(await question.getByText("127.0.0.1").isVisible()).toBe(true)
    await question.getByRole("button", { name: "This wasn't me: delete it" }).click()
    await owner.getByText("The account was deleted and every device signed in to it was signed out.").waitFor()

    await stranger
      .getByText("the owner of this email address said they did not create this account, so it was deleted")
      .waitFor({ timeout: 2_000 })
    await signUp(owner, email)
  })
})
