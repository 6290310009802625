import { QueryClientProvider } from "@tanstack/react-query"
import { createVerityBrowserClient, VerityQueryProvider } from "@verity/client/react"
import { type ReactNode, useState } from "react"
import { createQueryClient } from "../lib/createQueryClient.ts"

/** The API through TanStack Query: the inspector's only way to the server. */
export const AppProvider = ({ children }: { readonly children: ReactNode }) => {
  const [queryClient] = useState(createQueryClient)
  // The API serves the inspector at /inspector on its own origin: the inspector cookie needs no CORS.
  const [verityClient] = useState(() => createVerityBrowserClient({ url: window.location.origin }))
  return (
    <QueryClientProvider client={queryClient}>
      <VerityQueryProvider queryClient={queryClient} trpcClient={verityClient}>
        {children}
      </VerityQueryProvider>
    </QueryClientProvider>
  )
}
