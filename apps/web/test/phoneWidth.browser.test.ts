import type { BrowserContextOptions, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startWebApp, type WebApp } from "./support/startWebApp.ts"
import { signUp } from "./support/userFlows.ts"

// A phone shows a page only as wide as its screen: nothing may push the page sideways, not even
// a long email address, which has no spaces to wrap at.

const phoneWidth = 390

const phone: BrowserContextOptions = {
  viewport: { width: phoneWidth, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true
}

/** 40 characters, and no hyphen or space where a browser would wrap it by itself. */
const longEmail = "alexandriamontgomerywhitfield@example.io"

let web: WebApp

beforeAll(async () => {
  web = await startWebApp()
})
afterAll(async () => {
  await web?.close()
})

const newPhone = (): Promise<Page> => web.newDevice(phone)

type Visit = { readonly page: string; readonly open: (page: Page) => Promise<unknown> }

/** Opens the page at `path` and waits for its heading. */
const at = (path: string, heading: string) => async (page: Page) => {
  await page.goto(path)
  await page.getByRole("heading", { name: heading, level: 1 }).waitFor()
}

const signedOutVisits: ReadonlyArray<Visit> = [
  { page: "home", open: at("/", "Sign in") },
  { page: "sign in", open: at("/sign-in", "Sign in") },
  { page: "sign up", open: at("/sign-up", "Create your account") },
  {
    page: "forgot password, after sending the link",
    open: async (page) => {
      await page.goto("/forgot-password")
      await page.getByLabel("Email address").fill(longEmail)
      await page.getByRole("button", { name: "Send reset link" }).click()
      await page.getByText(`If an account uses ${longEmail}`).waitFor()
    }
  },
  {
    page: "reset password",
    open: at("/reset-password?token=x", "Choose a new password")
  },
  {
    page: "verify-email landing",
    open: async (page) => {
      await page.goto("/verify-email?token=x")
      await page.getByRole("alert").waitFor()
    }
  },
  {
    page: "dev mailbox",
    open: async (page) => {
      await page.goto("/dev/mailbox")
      await page.getByText(`To ${longEmail}`).first().waitFor()
    }
  },
  { page: "not found", open: at("/no-such-page", "Page not found") }
]

const signedInVisits: ReadonlyArray<Visit> = [
  { page: "check inbox", open: at("/check-inbox", "Check your inbox") },
  { page: "account", open: at("/account", "Your account") },
  { page: "contact", open: at("/contact", "Contact us") },
  {
    page: "sessions",
    open: async (page) => {
      await page.goto("/sessions")
      await page.getByText("This device").waitFor()
    }
  },
  {
    page: "change email",
    open: at("/change-email", "Change email address")
  },
  {
    page: "change password",
    open: at("/change-password", "Change password")
  }
]

type Widths = { readonly page: number; readonly window: number }

const widthsOf = (page: Page): Promise<Widths> =>
  page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }))

// A phone's browser zooms out until a page that is too wide fits, and that widens innerWidth
// with it: the page must fit the window, and the window must still be the screen's width.
const fitsThePhone = (widths: Widths) => widths.page <= widths.window && widths.window <= phoneWidth

/** The pages among `visits` that are wider than the phone's screen, each with its widths. */
const pagesWiderThanThePhone = async (page: Page, visits: ReadonlyArray<Visit>) => {
  const tooWide: Array<string> = []
  for (const visit of visits) {
    await visit.open(page)
    const widths = await widthsOf(page)
    if (!fitsThePhone(widths)) tooWide.push(`${visit.page}: ${widths.page} px wide in a ${widths.window} px window`)
  }
  return tooWide
}

describe("on a 390 px wide phone, with a 40-character email address", () => {
  it("no page scrolls sideways", async () => {
    const [member, visitor] = await Promise.all([newPhone(), newPhone()])
    await signUp(member, longEmail)

    const tooWide = [
      ...(await pagesWiderThanThePhone(member, signedInVisits)),
      ...(await pagesWiderThanThePhone(visitor, signedOutVisits))
    ]
    expect(tooWide).toEqual([])
  })
})
