import { QueryClientProvider } from "@tanstack/react-query"
import { createVerityBrowserClient, VerityQueryProvider } from "@verity/client/react"
import { useState } from "react"
import { BrowserRouter } from "react-router"
import { createQueryClient } from "./api/createQueryClient.ts"
import { AppRoutes } from "./AppRoutes.tsx"
import { Layout } from "./components/Layout.tsx"
import { SessionProvider } from "./session/SessionProvider.tsx"

export const App = () => {
  const [queryClient] = useState(createQueryClient)
  // The API serves this app, so the page's own origin is the API's: the session cookie needs no CORS.
  const [verityClient] = useState(() => createVerityBrowserClient({ url: window.location.origin }))
  return (
    <QueryClientProvider client={queryClient}>
      <VerityQueryProvider queryClient={queryClient} trpcClient={verityClient}>
        <BrowserRouter>
          <SessionProvider>
            <Layout>
              <AppRoutes />
            </Layout>
          </SessionProvider>
        </BrowserRouter>
      </VerityQueryProvider>
    </QueryClientProvider>
  )
}
