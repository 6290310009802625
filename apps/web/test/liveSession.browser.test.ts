import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { shortResendCooldownMs, waitOutResendCooldown } from "@verity/test-api"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import {
  confirmAsOwner,
  markDocument,
  password,
  sameDocument,
  signIn,
  signUp,
  uniqueEmail
} from "./support/userFlows.ts"

// The promise, in a real browser against the real built app and API: the truth shows the
// moment it changes, on every device, with no reload. Each device is its own browser context
// (its own cookies), like two phones.

/** "At once": what a user sees must change within this, with no reload. */
const atOnce = { timeout: 1_000 }

let web: WebApp
/** For changing an address just after sign-up: the change's verification email waits for the sign-up's. */
let quickResend: WebApp

beforeAll(async () => {
  ;[web, quickResend] = await Promise.all([startWebApp(), startWebApp({ resendCooldownMs: shortResendCooldownMs })])
})
afterAll(async () => {
  await Promise.all([web?.close(), quickResend?.close()])
})

const newDevice = (): Promise<Page> => web.newDevice()

const accountDetails = (page: Page) => page.getByRole("region", { name: "Account details" })

describe("two devices, one account", () => {
  it("confirming by the emailed link on device B unlocks the contact form on device A within a second", async () => {
    const email = uniqueEmail("seed")
    const [a, b] = await Promise.all([newDevice(), newDevice()])

    await signUp(a, email)
    await a.getByRole("link", { name: "Account", exact: true }).click()
    await a.getByRole("heading", { name: "Your account" }).waitFor()
    expect(await accountDetails(a).getByText(email).isVisible()).toBe(true)
    expect(await accountDetails(a).getByText("Not confirmed").isVisible()).toBe(true)
    expect(await a.getByRole("button", { name: "Send message" }).isDisabled()).toBe(true)
    expect(await a.getByText("The contact form opens once your email address is confirmed").isVisible()).toBe(true)
    // Just signed up: the email went out a moment ago, so the button shows its cool-down.
    await a.getByText(/You can ask for another one in \d+ seconds\./).waitFor()
    expect(await a.getByRole("button", { name: "Send a new email" }).isDisabled()).toBe(true)
    await markDocument(a)

    // Device B is not signed in: it only opens the link from the email.
    await confirmAsOwner(b, email)

    await accountDetails(a).getByText("Confirmed", { exact: true }).waitFor(atOnce)
    await a.getByRole("button", { name: "Send message", disabled: false }).waitFor(atOnce)
    expect(await a.getByText("The contact form opens once").count()).toBe(0)
    expect(await sameDocument(a)).toBe(true)

    await a.getByLabel("Subject").fill("Hello")
    await a.getByLabel("Message").fill("My email is confirmed now; can you help?")
    await a.getByRole("button", { name: "Send message" }).click()
    const ticket = a.getByText(/Your ticket id is T-[2-9A-Z]{8}\./)
    await ticket.waitFor()
    expect(await ticket.textContent()).toMatch(/T-[2-9A-Z]{8}/)
  })

  it("changing the password on device A signs device B out at once, and B says why", async () => {
    const email = uniqueEmail("password")
    const [a, b] = await Promise.all([newDevice(), newDevice()])
    await signUp(a, email)
    await signIn(b, email)
    await markDocument(b)

    await a.goto("/change-password")
    await a.getByLabel("Current password", { exact: true }).fill(password)
    await a.getByLabel("New password", { exact: true }).fill("a brand new passphrase 42")
    await a.getByRole("button", { name: "Change password" }).click()
    await a.getByText("1 other session was signed out.").waitFor()

    await b.getByText("You were signed out because the password was changed on another device.").waitFor(atOnce)
    expect(await b.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true)
    expect(new URL(b.url()).pathname).toBe("/sign-in")
    expect(await sameDocument(b)).toBe(true)

    // A stays signed in, with its session still live.
    expect(await a.getByRole("link", { name: "Sessions", exact: true }).isVisible()).toBe(true)
  })

  it("changing the email on device A shows the new, unconfirmed address on A and B at once", async () => {
    const email = uniqueEmail("before")
    const newEmail = uniqueEmail("after")
    const [a, b] = await Promise.all([quickResend.newDevice(), quickResend.newDevice()])
    await signUp(a, email)
    await confirmAsOwner(b, email)
    await signIn(b, email)
    expect(await accountDetails(b).getByText("Confirmed", { exact: true }).isVisible()).toBe(true)
    await Promise.all([markDocument(a), markDocument(b)])

    await a.getByRole("link", { name: "Account", exact: true }).click()
    await a.getByRole("link", { name: "Change email" }).click()
    await a.getByLabel("New email address").fill(newEmail)
    await a.getByLabel("Current password").fill(password)
    // The sign-up's verification email was the last one to this user: the change's waits for the cool-down.
    await waitOutResendCooldown()
    await a.getByRole("button", { name: "Change email" }).click()

    await a.getByRole("status").getByText(`Your email address is now ${newEmail}.`).waitFor(atOnce)
    await a.getByRole("banner").getByText(newEmail).waitFor(atOnce)
    expect(await a.getByRole("banner").getByText("Not confirmed").isVisible()).toBe(true)

    await accountDetails(b).getByText(newEmail).waitFor(atOnce)
    expect(await accountDetails(b).getByText("Not confirmed").isVisible()).toBe(true)
    expect(await b.getByRole("button", { name: "Send message" }).isDisabled()).toBe(true)
    expect(await Promise.all([sameDocument(a), sameDocument(b)])).toEqual([true, true])
  })

  it("ending one session from the sessions page signs that device out at once", async () => {
    const email = uniqueEmail("revoke")
    const [a, b] = await Promise.all([newDevice(), newDevice()])
    await signUp(a, email)
    await signIn(b, email)
    await markDocument(b)

    await a.getByRole("link", { name: "Sessions", exact: true }).click()
    await a.getByText("This device").waitFor()
    await a.getByRole("button", { name: /^Sign out this session/ }).click()
    await a.getByText("That session is signed out.").waitFor()

    await b.getByText("You were signed out: this session was ended from another device.").waitFor(atOnce)
    expect(await sameDocument(b)).toBe(true)
    await a.getByText("No other browser or device is signed in.").waitFor()
  })
})

describe("tabs of one browser", () => {
  it("signing out in one tab signs out the other tab at once", async () => {
    const email = uniqueEmail("tabs")
    const first = await newDevice()
    const second = await first.context().newPage()
    await signUp(first, email)
    await second.goto("/account")
    await accountDetails(second).getByText(email).waitFor()
    await markDocument(second)

    // The user goes back to the first tab; the second one keeps running in the background.
    await first.bringToFront()
    await first.getByRole("button", { name: "Sign out" }).click()
    await first.getByRole("heading", { name: "Sign in" }).waitFor()

    await second.getByRole("heading", { name: "Sign in" }).waitFor(atOnce)
    expect(await second.getByText("You signed out.").isVisible()).toBe(true)
    expect(await sameDocument(second)).toBe(true)
  })
})
