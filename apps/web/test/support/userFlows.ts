import type { Page } from "playwright-core"

export const password = "correct horse battery staple"

let counter = 0
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${++counter}@example.test`

export const signUp = async (page: Page, email: string) => {
  await page.goto("/sign-up")
  await page.getByLabel("Email address").fill(email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Create account" }).click()
  await page.getByRole("heading", { name: "Check your inbox" }).waitFor()
}

export const signIn = async (page: Page, email: string, withPassword = password) => {
  await page.goto("/sign-in")
  await page.getByLabel("Email address").fill(email)
  await page.getByLabel("Password").fill(withPassword)
  await page.getByRole("button", { name: "Sign in" }).click()
  await page.getByRole("heading", { name: "Your account" }).waitFor()
}

/** Opens the newest email to `to` with that subject in the dev mailbox, and follows its link. */
export const followEmailLink = async (page: Page, to: string, subject: string) => {
  await page.goto("/dev/mailbox")
  const mail = page
    .getByRole("article", { name: subject })
    .filter({ hasText: `To ${to}` })
    .first()
  await mail.getByRole("link").first().click()
}

/** A flag that only a reload (a new document) could remove. */
export const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { verityNoReload: true }))

export const sameDocument = (page: Page) => page.evaluate(() => "verityNoReload" in window)

/**
 * Confirms a new account's address from a device not signed in to it, as its owner does: the
 * link's page asks whether they created the account (it never confirmed an address), and they say yes.
 */
export const confirmAsOwner = async (page: Page, email: string) => {
  await followEmailLink(page, email, "Confirm your email address")
  await page.getByRole("button", { name: "Yes, it was me: confirm" }).click()
  await page.getByText("Your email address is confirmed.").waitFor()
}
