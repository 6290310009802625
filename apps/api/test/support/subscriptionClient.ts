import { createTRPCClient, httpSubscriptionLink, type TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { EventSource } from "eventsource"

/**
 * A client for `session.changes` as a browser tab opens it: tRPC's own subscription link over a
 * real EventSource, with the session's bearer token on the stream's request.
 */
export const subscriptionClient = (url: string, token: string): TRPCClient<AppRouter> =>
  createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${url}/trpc`,
        EventSource,
        eventSourceOptions: () => ({
          fetch: (input, init) =>
            fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } })
        })
      })
    ]
  })
