import { createTRPCContext } from "@trpc/tanstack-react-query"
import type { AppRouter } from "@verity/api"

export { useSubscription } from "@trpc/tanstack-react-query"

/**
 * TanStack Query bindings for the whole API: wrap the app in `VerityQueryProvider` (inside a
 * `QueryClientProvider`), then `useVerity().session.whoami.queryOptions()` and friends.
 */
export const {
  TRPCProvider: VerityQueryProvider,
  useTRPC: useVerity,
  useTRPCClient: useVerityClient
} = createTRPCContext<AppRouter>()
