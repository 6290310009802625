import { QueryClientProvider } from "@tanstack/react-query"
import { createVerityBrowserClient, VerityQueryProvider } from "@verity/client/react"
import { type ReactNode, useState } from "react"
import { BrowserRouter } from "react-router"
import { SessionProvider } from "../features/session/components/SessionProvider.tsx"
import { createQueryClient } from "../lib/createQueryClient.ts"

/** Everything a page may rely on: the API (through TanStack Query), the router and the live session. */
export const AppProvider = ({ children }: { readonly children: ReactNode }) => {
  const [queryClient] = useState(createQueryClient)
  // The API serves this app, so the page's own origin is the API's: the session cookie needs no CORS.
  const [verityClient] = useState(() => createVerityBrowserClient({ url: window.location.origin }))
  return (
    <QueryClientProvider client={queryClient}>
      <VerityQueryProvider queryClient={queryClient} trpcClient={verityClient}>
        <BrowserRouter>
          <SessionProvider>{children}</SessionProvider>
        </BrowserRouter>
      </VerityQueryProvider>
    </QueryClientProvider>
  )
}
