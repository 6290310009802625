import { uniqueEmail } from "@verity/test-api"
import { mkdir, readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type InspectorApp,
  type OpenedInspector,
  operatorToken,
  startInspectorApp
} from "./support/startInspectorApp.ts"
import { chartState, findUser, sessionRows } from "./support/inspectorPage.ts"

// The test: three devices of one user, an operator following them in the inspector, and
// a confirmation on a fourth device that every session shows within a second, without a reload.

const screenshotDir = fileURLToPath(new URL("../test-output/screenshots/", import.meta.url))

let app: InspectorApp

beforeAll(async () => {
  ;[app] = await Promise.all([startInspectorApp(), mkdir(screenshotDir, { recursive: true })])
})
afterAll(async () => {
  await app?.close()
})

const withInspector = async (run: (inspector: OpenedInspector) => Promise<void>, signIn = true) => {
  const inspector = await app.openInspector({ signIn })
  try {
    await run(inspector)
    expect(inspector.problems).toEqual([])
  } finally {
    await inspector.context.close()
  }
}

describe("the inspector, live", () => {
  it("shows three devices' sessions move to active.verified within 1 s of a confirmation elsewhere, and replays both steps", async () => {
    const email = uniqueEmail("three-devices")
    const devices = await Promise.all(
      ["Phone (Firefox)", "Laptop (Chromium)", "Tablet (Safari)"].map((agent) => app.newDevice(`Verity test: ${agent}`))
    )
    await devices[0]!.signUp(email)
    await devices[1]!.signIn(email)
    await devices[2]!.signIn(email)

    await withInspector(async ({ page, requests }) => {
      await findUser(page, email)
      await expect.poll(() => sessionRows(page).count(), { timeout: 5_000 }).toBe(3)
      for (const row of await sessionRows(page).all()) {
        expect(await row.getAttribute("data-state")).toBe("active.unverified")
      }
      await page.getByRole("status").getByText("No stale sessions").waitFor()
      expect(await page.locator(".user-sessions__confirmed").textContent()).toBe("unconfirmed")
      await page.locator('.session-detail .statechart[data-layout="elk"]').waitFor()
      expect(await chartState(page, "active.email.unverified").getAttribute("data-active")).toBe("true")
      expect(await chartState(page, "active.email.unverified").getAttribute("data-occupants")).toBe("3")
      await page.evaluate(() => Object.assign(window, { verityNoReload: true }))

      const confirmedAt = performance.now()
      await app.confirmByEmailedLink(email)
      await expect
        .poll(() => page.locator('.session-row[data-state="active.verified"]').count(), {
          timeout: 1_000,
          interval: 20
        })
        .toBe(3)
      expect(performance.now() - confirmedAt).toBeLessThan(1_000)
      expect(await page.evaluate(() => "verityNoReload" in window), "the page was not reloaded").toBe(true)
      for (const row of await sessionRows(page).all()) {
        expect(await row.locator(".session-row__event").textContent()).toContain("USER_CHANGED (emailConfirmed)")
        expect(await row.locator(".session-row__version").textContent()).toBe("v2")
      }
      expect(await chartState(page, "active.email.verified").getAttribute("data-active")).toBe("true")
      expect(await chartState(page, "active.email.unverified").getAttribute("data-active")).toBe("false")
      expect(await chartState(page, "active.email.verified").getAttribute("data-occupants")).toBe("3")
      expect(await chartState(page, "active.email.unverified").getAttribute("data-occupants")).toBe("0")
      await page.getByText("No stale sessions: every live session holds the stored user version (v2).").waitFor()
      expect(await page.locator(".user-sessions__confirmed").textContent()).toBe("confirmed")
      await page.locator(".session-detail__chart").screenshot({ path: `${screenshotDir}inspector-chart.png` })
      await page.locator(".user-sessions").screenshot({ path: `${screenshotDir}inspector-session-view.png` })

      const replay = page.getByRole("region", { name: "Replay" })
      await replay.getByText("Step 1 of 2").waitFor()
      expect(await replay.locator(".replay__state").textContent()).toContain("active.unverified")
      await replay.getByRole("button", { name: "Next step" }).click()
      await replay.getByText("Step 2 of 2").waitFor()
      expect(await replay.locator(".replay__event").textContent()).toBe("USER_CHANGED — emailConfirmed")
      expect(await replay.locator(".replay__state").textContent()).toContain("active.verified, user version v2")
      const diff = replay.getByRole("table", { name: "Context changes" })
      expect(await diff.getByRole("row", { name: /user\.emailConfirmed/ }).textContent()).toBe(
        "user.emailConfirmedfalsetrue"
      )

      expect(await page.locator(".session-detail__accepts").textContent()).toContain(
        "Accepts now: USER_CHANGED, USER_RELOADED, TOUCH, REVOKE."
      )
      const other = sessionRows(page).nth(1)
      await other.getByRole("button").click()
      await expect
        .poll(() => page.locator(".session-detail").getAttribute("data-session-id"))
        .toBe(await other.getAttribute("data-session-id"))
      expect(await other.getAttribute("aria-selected")).toBe("true")

      expect(requests.filter((url) => new URL(url).origin !== app.api.url)).toEqual([])
    })
  })

  it("exports the selected session's trail as XState inspection events, traces the fan-out and shows health", async () => {
    const email = uniqueEmail("export")
    const device = await app.newDevice("Verity test: one device")
    await device.signUp(email)
    await app.confirmByEmailedLink(email)

    await withInspector(async ({ page }) => {
      await findUser(page, email)
      const download = page.waitForEvent("download")
      await page.getByRole("button", { name: "Export trail (XState inspection events)" }).click()
      const events = JSON.parse(await readFile((await (await download).path())!, "utf8")) as Array<{ type: string }>
      expect(events[0]?.type).toBe("@xstate.actor")
      expect(events.map((event) => event.type)).toContain("@xstate.snapshot")

      const fanOut = page.getByRole("region", { name: "Fan-out trace" })
      await fanOut.locator('tr[data-outcome="reached"]').waitFor()
      expect(await fanOut.getByRole("combobox").textContent()).toContain("v2 emailConfirmed")

      await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Health" }).click()
      const figures = page.locator(".health__figure")
      await figures.filter({ hasText: "Live actors" }).waitFor()
      expect(Number(await figures.filter({ hasText: "Live actors" }).locator("dd").textContent())).toBeGreaterThan(0)
      expect(await figures.filter({ hasText: "Fan-out p50 / p99" }).locator("dd").textContent()).toMatch(/ms \/ .* ms/)
    })
  })
})

describe("the staleness detector", () => {
  it("marks a live session that holds an older user version than the store", async () => {
    const email = uniqueEmail("stale")
    await (await app.newDevice("Verity test: left behind")).signUp(email)
    // Written straight into the store, as an instance that never told this one would.
    await app.api.writeUserBehindTheApi(email, { emailConfirmed: true })
    await withInspector(async ({ page }) => {
      await findUser(page, email)
      await page.getByRole("alert").getByText("1 live session is behind the stored user version (v2)").waitFor()
      const row = sessionRows(page).first()
      expect(await row.getAttribute("data-behind")).toBe("true")
      expect(await row.locator(".session-row__version").textContent()).toBe("v1 — behind v2")
    })
  })
})

describe("the inspector's safety", () => {
  it("refuses a wrong operator token with a clear message, then signs in with the right one and out again", async () => {
    await withInspector(async ({ page }) => {
      await page.getByLabel("Operator token").fill("not-the-operator-token")
      await page.getByRole("button", { name: "Sign in" }).click()
      await page
        .getByRole("alert")
        .getByText("That is not the operator token (ADMIN_TOKEN). Nothing was opened.")
        .waitFor()
      expect(await page.getByRole("heading", { name: "Sessions" }).count()).toBe(0)

      await page.getByLabel("Operator token").fill(operatorToken)
      await page.getByRole("button", { name: "Sign in" }).click()
      await page.getByRole("heading", { name: "Sessions" }).waitFor()
      await page.getByRole("button", { name: "Sign out" }).click()
      await page.getByRole("heading", { name: "Sign in to the inspector" }).waitFor()
      await page.reload()
      await page.getByRole("heading", { name: "Sign in to the inspector" }).waitFor()
    }, false)
  })

  it("masks the email until it is revealed, and the reveal is in the audit log", async () => {
    const email = uniqueEmail("masked")
    await (await app.newDevice("Verity test: masked")).signUp(email)
    await withInspector(async ({ page }) => {
      await findUser(page, email)
      const shown = page.getByTestId("user-email")
      expect(await shown.textContent()).toBe(`${email[0]}…@${email.split("@")[1]}`)
      expect(await page.locator("main").innerText()).not.toContain(email)
      const userId = await page.locator(".user-sessions__id").textContent()
      await page.getByRole("button", { name: "Reveal (recorded)" }).click()
      await expect.poll(() => shown.textContent(), { timeout: 5_000 }).toBe(email)

      await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Audit log" }).click()
      const revealed = page.getByRole("table", { name: "Inspector use" }).locator('tr[data-action="emailRevealed"]')
      await revealed.first().waitFor()
      expect(await revealed.first().textContent()).toContain("revealed an email address")
      expect(await revealed.first().textContent()).toContain(userId)
      expect(await page.locator("main").innerText()).not.toContain(email)
    })
  })
})
