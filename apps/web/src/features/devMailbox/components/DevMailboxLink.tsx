import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Link } from "react-router"

/**
 * Without a mail server (the dev outbox), this is how a new user reads their emails. Shown only
 * where the API offers the mailbox: it answers NOT_FOUND in production with real mail.
 */
export const DevMailboxLink = ({ children = "Dev mailbox" }: { readonly children?: string }) => {
  const trpc = useVerity()
  const available = useQuery(
    trpc.dev.mailbox.queryOptions(undefined, { retry: false, staleTime: Infinity, select: () => true })
  )
  return available.data === true ? <Link to="/dev/mailbox">{children}</Link> : null
}
