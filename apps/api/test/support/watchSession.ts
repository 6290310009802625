import { type TRPCClientError } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import type { Whoami } from "@verity/domain"
import { subscriptionClient } from "./subscriptionClient.ts"

/** One `session.changes` stream, as tRPC's own subscription link sees it: its events and how it ended. */
export type SessionWatch = {
  readonly events: Array<{ readonly id: string; readonly data: Whoami }>
  readonly ended: { error?: TRPCClientError<AppRouter> }
  stop(): void
}

/** Opens `session.changes` for the session behind `token`, over real SSE. */
export const watchSession = (url: string, token: string): SessionWatch => {
  const client = subscriptionClient(url, token)
  const events: SessionWatch["events"] = []
  const ended: SessionWatch["ended"] = {}
  const subscription = client.session.changes.subscribe(undefined, {
    onData: (event) => events.push(event),
    onError: (error) => (ended.error = error as TRPCClientError<AppRouter>)
  })
  return { events, ended, stop: () => subscription.unsubscribe() }
}
