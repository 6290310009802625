import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import { signUp, uniqueEmail } from "./support/userFlows.ts"

// The page right after sign-up: it does not invite a click the API would refuse, and a
// mistyped code is explained in words.

let web: WebApp

beforeAll(async () => {
  web = await startWebApp()
})
afterAll(async () => {
  await web?.close()
})

const countdown = /You can ask for another one in (\d+) seconds\./

describe("check your inbox, right after sign-up", () => {
  it("the resend button shows its cool-down at once, before any click, and still after a reload", async () => {
    const page = await web.newDevice()
    await signUp(page, uniqueEmail("cool-down"))
    const resend = page.getByRole("button", { name: "Send a new email" })

    await page.getByText(countdown).waitFor()
    expect(await resend.isDisabled()).toBe(true)
    const shown = Number(countdown.exec((await page.getByText(countdown).textContent()) ?? "")?.[1])
    expect(shown).toBeGreaterThan(50)
    expect(shown).toBeLessThanOrEqual(60)

    await page.reload()
    await page.getByText(countdown).waitFor()
    expect(await resend.isDisabled()).toBe(true)
    expect(await page.getByRole("alert").count()).toBe(0)
  })

  it("a mistyped code says what a code is, not which field of another form is missing", async () => {
    const page = await web.newDevice()
    await signUp(page, uniqueEmail("mistyped"))
    for (const mistyped of ["12345", "12a456"]) {
      await page.getByLabel("6-digit code").fill(mistyped)
      await page.getByRole("button", { name: "Confirm email" }).click()
      const alert = page.getByRole("alert")
      await alert.getByText("the code is the 6 digits from the email").waitFor()
      expect(await alert.textContent()).not.toContain("token")
      expect(await alert.textContent()).not.toContain("Missing key")
    }
  })
})
