import { useMutation } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { describeFailure } from "../../../lib/errors/describeFailure.ts"
import { useSession } from "../../../lib/session/useSession.ts"

export const SignOutButton = () => {
  const trpc = useVerity()
  const { signedOut } = useSession()
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: signedOut }))
  return (
    <>
      <button type="button" className="link-button" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        Sign out
      </button>
      {signOut.isError && (
        <span role="alert" className="nav-error">
          {describeFailure(signOut.error)}
        </span>
      )}
    </>
  )
}
