import type { Page } from "playwright-core"

// Where the inspector's pages show what the tests read, named once.

/** The rows of the user's sessions table. */
export const sessionRows = (page: Page) =>
  page.getByRole("table", { name: "Sessions", exact: true }).locator("tbody tr")

/** A state of the selected session's chart. */
export const chartState = (page: Page, id: string) => page.locator(`.session-detail .chart-state[data-state="${id}"]`)

/** Searches the Sessions page for a user and waits for their sessions. */
export const findUser = async (page: Page, query: string) => {
  await page.getByLabel("Email address or user id").fill(query)
  await page.getByRole("button", { name: "Find" }).click()
  await page.getByRole("table", { name: "Sessions", exact: true }).waitFor()
}
