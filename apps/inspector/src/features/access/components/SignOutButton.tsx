import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"

/** Ends this sign-in for good on the server: the cookie opens nothing afterwards. */
export const SignOutButton = ({ onSignedOut }: { readonly onSignedOut: () => void }) => {
  const trpc = useVerity()
  const signOut = useMutation(trpc.inspect.signOut.mutationOptions({ onSettled: onSignedOut }))
  return (
    <button type="button" className="sign-out" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      Sign out
    </button>
  )
}
