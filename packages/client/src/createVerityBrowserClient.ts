import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client"
import type { AppRouter } from "./appRouter.ts"
import { maxBatchItems } from "./batching.ts"
import { makeVersionMemory, type VersionMemory } from "./causalConsistency.ts"
import type { VerityClient } from "./createVerityClient.ts"

export type VerityBrowserClientOptions = {
  /** The API's base URL: the page's own origin when the API serves the app (`location.origin`). */
  readonly url: string
  /**
   * Where the client keeps the highest user version it has seen. Pass one to share it with the
   * page's calls to its own backends: send `versions.headers()` with them, and
   * `versions.observe(response)` their answers.
   */
  readonly versions?: VersionMemory
}

/**
 * The client for a web page: the HttpOnly session cookie is its only credential (the page never
 * sees a token), queries and mutations are batched and carry `x-verity-min-version` like
 * `createVerityClient`'s, and subscriptions (`session.changes`) arrive over server-sent events.
 */
export const createVerityBrowserClient = (options: VerityBrowserClientOptions): VerityClient => {
  const url = `${options.url.replace(/\/+$/, "")}/trpc`
  const versions = options.versions ?? makeVersionMemory()
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === "subscription",
        // withCredentials only matters when the API is on another origin than the page.
        true: httpSubscriptionLink({ url, eventSourceOptions: { withCredentials: true } }),
        false: httpBatchLink({
          maxItems: maxBatchItems,
          url,
          headers: () => versions.headers(),
          fetch: async (input, init) => {
            const response = await globalThis.fetch(input, { ...init, credentials: "include" } as RequestInit)
            versions.observe(response)
            return response
          }
        })
      })
    ]
  })
}
