import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"

export type VerityClientOptions = {
  /** The API's base URL, e.g. http://localhost:3000 (the client adds /trpc). */
  readonly url: string
  /** A session token from `transport: "token"`; without it, browsers send the session cookie. */
  readonly token?: string | (() => string | null | undefined)
  /** For Node clients that keep a cookie jar, tests, or proxies: extra headers on every request. */
  readonly headers?: () => Record<string, string>
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch
}

export type VerityClient = TRPCClient<AppRouter>

/** The typed API client for Node and browsers. */
export const createVerityClient = (options: VerityClientOptions): VerityClient =>
  createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/+$/, "")}/trpc`,
        headers: () => {
          const token = typeof options.token === "function" ? options.token() : options.token
          return {
            ...options.headers?.(),
            ...(token ? { authorization: `Bearer ${token}` } : {})
          }
        },
        // Browsers send the HttpOnly session cookie only when asked to.
        fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, { ...init, credentials: "include" } as RequestInit)
      })
    ]
  })
