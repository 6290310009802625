import type { QueryClient } from "@tanstack/react-query"
import { createTRPCContext, type TRPCOptionsProxy } from "@trpc/tanstack-react-query"
import type { FunctionComponent, ReactNode } from "react"
import type { AppRouter } from "../appRouter.ts"
import type { VerityClient } from "../createVerityClient.ts"

export { useSubscription } from "@trpc/tanstack-react-query"

// The bindings are typed by hand with the public types of React, TanStack Query and tRPC, so the
// declaration files name those packages (optional peers) instead of copying TanStack's internals.
const verityContext = createTRPCContext<AppRouter>()

/**
 * TanStack Query bindings for the whole API: wrap the app in `VerityQueryProvider` (inside a
 * `QueryClientProvider`), then `useVerity().session.whoami.queryOptions()` and friends.
 */
export const VerityQueryProvider: FunctionComponent<{
  readonly children: ReactNode
  readonly queryClient: QueryClient
  readonly trpcClient: VerityClient
}> = verityContext.TRPCProvider

/** Query and mutation options for every procedure, e.g. `useVerity().session.whoami.queryOptions()`. */
export const useVerity: () => TRPCOptionsProxy<AppRouter> = verityContext.useTRPC

/** The client the provider was given, for calls outside TanStack Query. */
export const useVerityClient: () => VerityClient = verityContext.useTRPCClient
