// A React app: TanStack Query bindings for every procedure. Needs react, @tanstack/react-query
// and @trpc/tanstack-react-query next to @verity/client.
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query"
import { apiFailureOf, createVerityBrowserClient, useVerity, VerityQueryProvider } from "@verity/client/react"
import { useState } from "react"

export const App = () => {
  const [queryClient] = useState(() => new QueryClient())
  const [verityClient] = useState(() => createVerityBrowserClient({ url: window.location.origin }))
  return (
    <QueryClientProvider client={queryClient}>
      <VerityQueryProvider queryClient={queryClient} trpcClient={verityClient}>
        <Account />
      </VerityQueryProvider>
    </QueryClientProvider>
  )
}

const Account = () => {
  const verity = useVerity()
  const whoami = useQuery(verity.session.whoami.queryOptions())
  if (whoami.isPending) return <p>Loading…</p>
  if (whoami.isError) return <p>Not signed in ({apiFailureOf(whoami.error)?.reason ?? "Verity unreachable"})</p>
  const { email, emailConfirmed } = whoami.data.user
  return <p>{emailConfirmed ? email : `${email} (not confirmed yet)`}</p>
}
