import { startTestApiWithMail, strongPassword as password, type TestApiWithMail } from "@verity/test-api"
import { freePort, startTestBrowser, testEnv, verificationLinkToken } from "@verity/testing"
import type { APIRequestContext, BrowserContext, Page } from "playwright-core"
import { expect, inject } from "vitest"

/** The operator token the test server is started with (testEnv's ADMIN_TOKEN). */
export const operatorToken = testEnv("")["ADMIN_TOKEN"]!

/** The real API serving the built inspector at /inspector/, and a Chromium to open it in. */
export type InspectorApp = {
  readonly api: TestApiWithMail
  /** An operator's browser on the inspector, signed in or not; it notes every request it makes. */
  openInspector(options?: { readonly signIn?: boolean }): Promise<OpenedInspector>
  /** A user's device: a browser context of its own (its own cookies and user agent) calling the API. */
  newDevice(userAgent: string): Promise<Device>
  /** Confirms `email` by the token of the link emailed to it, from a device signed in to nothing. */
  confirmByEmailedLink(email: string): Promise<void>
  close(): Promise<void>
}

export type OpenedInspector = {
  readonly context: BrowserContext
  readonly page: Page
  /** Every request the page and its workers made, in order. */
  readonly requests: ReadonlyArray<string>
  /** Uncaught errors and console errors (a Content-Security-Policy violation is one). */
  readonly problems: ReadonlyArray<string>
}

export type Device = {
  readonly context: BrowserContext
  signUp(email: string): Promise<void>
  signIn(email: string): Promise<void>
}

const refusalLogged = /^Failed to load resource: the server responded with a status of 40[13] /

const mutate = async (request: APIRequestContext, path: string, input: unknown) => {
  const response = await request.post(`/trpc/${path}`, { data: input })
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200)
}

/**
 * PUBLIC_URL is the very URL the browser opens, so the inspector cookie, the API's Origin check
 * and the page's own origin agree. Chromium is launched at once and awaited by each test, so
 * without it every test fails by name.
 */
export const startInspectorApp = async (): Promise<InspectorApp> => {
  const chromium = startTestBrowser()
  const port = await freePort()
  const api = await startTestApiWithMail({
    env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, INSPECTOR_DIST_DIR: inject("inspectorDistDir") }
  })
  const newContext = async (userAgent?: string) =>
    (await chromium.browser()).newContext({
      baseURL: api.url,
      locale: "en-US",
      timezoneId: "UTC",
      viewport: { width: 1440, height: 960 },
      ...(userAgent === undefined ? {} : { userAgent })
    })
  return {
    api,
    openInspector: async ({ signIn = true } = {}) => {
      const context = await newContext()
      const requests: string[] = []
      const problems: string[] = []
      context.on("request", (request) => requests.push(request.url()))
      const page = await context.newPage()
      page.on("pageerror", (error) => problems.push(error.message))
      page.on("console", (message) => {
        // Chromium logs every 4xx answer; the page's first question (am I signed in?) is answered
        // 401 before sign-in, and a wrong token 403, and the page says so itself.
        if (message.type() === "error" && !refusalLogged.test(message.text())) problems.push(message.text())
      })
      await page.goto("/inspector/")
      await page.getByRole("heading", { name: "Sign in to the inspector" }).waitFor()
      if (signIn) {
        await page.getByLabel("Operator token").fill(operatorToken)
        await page.getByRole("button", { name: "Sign in" }).click()
        await page.getByRole("heading", { name: "Sessions" }).waitFor()
      }
      return { context, page, requests, problems }
    },
    newDevice: async (userAgent) => {
      const context = await newContext(userAgent)
      return {
        context,
        signUp: (email) => mutate(context.request, "auth.signUp", { email, password }),
        signIn: (email) => mutate(context.request, "auth.signIn", { email, password })
      }
    },
    confirmByEmailedLink: async (email) => {
      const mail = await api.mail.waitForMail((caught) => caught.to.includes(email))
      const context = await newContext("Verity test: the device that opened the link")
      try {
        await mutate(context.request, "auth.verifyEmail", { token: verificationLinkToken(mail) })
      } finally {
        await context.close()
      }
    },
    close: async () => {
      await chromium.close()
      await api.close()
    }
  }
}
