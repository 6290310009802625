import { testAdminToken } from "@verity/testing"
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { EventSource } from "eventsource"

/** The origin of the pages the test server trusts (testEnv's PUBLIC_URL). */
export const appOrigin = "http://verity.test"

export type InspectorBrowser = {
  /** The real tRPC client: batched HTTP for queries and mutations, SSE for subscriptions. */
  readonly client: TRPCClient<AppRouter>
  /** The cookies it holds now, by name. */
  readonly cookies: ReadonlyMap<string, string>
  /** Every Set-Cookie header it was answered. */
  readonly setCookieHeaders: ReadonlyArray<string>
}

/**
 * A browser tab on the inspector's page, as the API sees it: one cookie jar (what Set-Cookie
 * sets, sent back on every request, SSE included), and the page's Origin on every request.
 * `extraHeaders` adds what a test needs (a user's bearer token, say).
 */
export const inspectorBrowser = (
  url: string,
  options: { readonly origin?: string; readonly extraHeaders?: Record<string, string> } = {}
): InspectorBrowser => {
  const cookies = new Map<string, string>()
  const setCookieHeaders: Array<string> = []
  const browserFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers)
    headers.set("origin", options.origin ?? appOrigin)
    for (const [name, value] of Object.entries(options.extraHeaders ?? {})) headers.set(name, value)
    if (cookies.size > 0) {
      headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "))
    }
    const response = await fetch(input, { ...init, headers })
    for (const header of response.headers.getSetCookie()) {
      setCookieHeaders.push(header)
      const [pair = ""] = header.split(";")
      const [name = "", value = ""] = pair.split("=")
      if (value === "" || /max-age=0/i.test(header)) cookies.delete(name.trim())
      else cookies.set(name.trim(), value)
    }
    return response
  }
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === "subscription",
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({ fetch: browserFetch })
        }),
        // tRPC's fetch type is a looser RequestInit than Node's own.
        false: httpBatchLink({ url: `${url}/trpc`, fetch: (input, init) => browserFetch(input, init as RequestInit) })
      })
    ]
  })
  return { client, cookies, setCookieHeaders }
}

/** A tab signed in to the inspector with the test server's operator token. */
export const signedInInspector = async (url: string, operatorToken = testAdminToken): Promise<InspectorBrowser> => {
  const browser = inspectorBrowser(url)
  await browser.client.inspect.signIn.mutate({ operatorToken })
  return browser
}
