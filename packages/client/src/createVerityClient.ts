import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client"
import type { AppRouter } from "./appRouter.ts"
import { maxBatchItems } from "./batching.ts"
import { makeVersionMemory, type VersionMemory } from "./causalConsistency.ts"

export type VerityClientOptions = {
  /** The API's base URL, e.g. http://localhost:3000 (the client adds /trpc). */
  readonly url: string
  /** A session token from `transport: "token"`; without it, browsers send the session cookie. */
  readonly token?: string | (() => string | null | undefined)
  /** For Node clients that keep a cookie jar, tests, or proxies: extra headers on every request. */
  readonly headers?: () => Record<string, string>
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch
  /** Where the client keeps the highest user version it has seen (pass one to read it). */
  readonly versions?: VersionMemory
}

export type VerityClient = TRPCClient<AppRouter>

/**
 * The typed API client for Node and browsers. It remembers the highest user version it has been
 * answered at and sends it as `x-verity-min-version`, so behind a load balancer it never sees
 * an instance's older state (G2).
 */
export const createVerityClient = (options: VerityClientOptions): VerityClient => {
  const versions = options.versions ?? makeVersionMemory()
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        maxItems: maxBatchItems,
        url: `${options.url.replace(/\/+$/, "")}/trpc`,
        headers: () => {
          const token = typeof options.token === "function" ? options.token() : options.token
          return {
            ...options.headers?.(),
            ...versions.headers(),
            ...(token ? { authorization: `Bearer ${token}` } : {})
          }
        },
        // Browsers send the HttpOnly session cookie only when asked to.
        fetch: async (input, init) => {
          const response = await (options.fetch ?? globalThis.fetch)(input, {
            ...init,
            credentials: "include"
          } as RequestInit)
          versions.observe(response)
          return response
        }
      })
    ]
  })
}
