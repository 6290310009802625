/**
 * The operator posts the admin token once; the API answers with a short-lived HttpOnly inspector
 * cookie, so the token is never kept by the page, put in a URL or sent again.
 */
import { useMutation } from "@tanstack/react-query"
import { apiFailureOf, useVerity } from "@verity/client/react"
import { type FormEvent, useState } from "react"

const refusalMessage = (error: unknown): string => {
  const failure = apiFailureOf(error)
  if (failure === null) return "The server did not answer. Try again in a moment."
  switch (failure.reason) {
    case "FORBIDDEN":
      return "That is not the operator token (ADMIN_TOKEN). Nothing was opened."
    case "RATE_LIMITED":
      return `Too many attempts. Try again in ${failure.retryAfterSeconds ?? 60} seconds.`
    case "NOT_FOUND":
      return "The inspector is off on this server (ADMIN_TOKEN is not set)."
    default:
      return failure.message
  }
}

export const SignInPage = ({ onSignedIn }: { readonly onSignedIn: () => void }) => {
  const trpc = useVerity()
  const [token, setToken] = useState("")
  const signIn = useMutation(trpc.inspect.signIn.mutationOptions({ onSuccess: onSignedIn }))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    signIn.mutate({ operatorToken: token })
  }
  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in to the inspector</h2>
      <p>
        Paste the server's operator token (<code>ADMIN_TOKEN</code>). It is sent once, for a sign-in that ends after 30
        minutes; the inspector only reads, and never keeps the token.
      </p>
      <form onSubmit={submit}>
        <label>
          Operator token
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={signIn.isPending}>
          Sign in
        </button>
      </form>
      {signIn.isError && <p role="alert">{refusalMessage(signIn.error)}</p>}
    </section>
  )
}
