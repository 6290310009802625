/**
 * A user's address, masked as the API answers it (`a…@example.com`). Revealing the whole address
 * is an explicit action, which the API writes to the audit log before it answers.
 */
import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"

export const MaskedEmail = ({ userId, masked }: { readonly userId: string; readonly masked: string }) => {
  const trpc = useVerity()
  const reveal = useMutation(trpc.inspect.revealEmail.mutationOptions())
  return (
    <span className="masked-email">
      <span data-testid="user-email">{reveal.data?.email ?? masked}</span>{" "}
      {reveal.data === undefined && (
        <button
          type="button"
          className="link-button"
          onClick={() => reveal.mutate({ userId })}
          disabled={reveal.isPending}
          title="Shows the whole address; the reveal is recorded in the audit log"
        >
          Reveal (recorded)
        </button>
      )}
    </span>
  )
}
