import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import { password, signIn, signUp, uniqueEmail } from "./support/userFlows.ts"

// The sessions page tells what happened to each of the user's sessions, from the same session
// trail the inspector reads, in plain words: a session signed out elsewhere says why, and when.

let web: WebApp

beforeAll(async () => {
  web = await startWebApp()
})
afterAll(async () => {
  await web?.close()
})

describe("the sessions page's recent activity", () => {
  it("says a session was signed out because the password was changed on another device, and when", async () => {
    const email = uniqueEmail("history")
    const other = await web.newDevice({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" })
    const here = await web.newDevice({
      userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Chrome/140.0 Safari/537.36"
    })
    await signUp(other, email)
    await signIn(here, email)

    await here.goto("/change-password")
    await here.getByLabel("Current password", { exact: true }).fill(password)
    await here.getByLabel("New password", { exact: true }).fill("a brand new passphrase 42")
    await here.getByRole("button", { name: "Change password" }).click()
    await here.getByText("1 other session was signed out.").waitFor()

    await here.getByRole("link", { name: "Sessions", exact: true }).click()
    const activity = here.getByRole("region", { name: "Recent activity" })
    const elsewhere = activity
      .getByRole("listitem")
      .filter({ has: here.getByRole("heading", { name: /Firefox on Linux/ }) })
    await elsewhere.getByText(/^Signed out because the password was changed on another device, \d{1,2}:\d{2}/).waitFor()
    expect(await elsewhere.getByText("Signed out", { exact: true }).isVisible()).toBe(true)
    expect(await elsewhere.getByText(/^Signed in, \d{1,2}:\d{2}/).isVisible()).toBe(true)

    const thisDevice = activity
      .getByRole("listitem")
      .filter({ has: here.getByRole("heading", { name: /Chrome on macOS/ }) })
    expect(await thisDevice.getByText("Current session").isVisible()).toBe(true)
    expect(await thisDevice.getByText(/^Password changed, \d{1,2}:\d{2}/).isVisible()).toBe(true)
  })
})
