import { useMutation, useQuery } from "@tanstack/react-query"
import { apiFailureOf, useVerity } from "@verity/client/react"
import { useEffect } from "react"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { formatWait } from "../../../lib/format/formatWait.ts"
import { useCountdown } from "../hooks/useCountdown.ts"

/**
 * Sends a new verification link and code. The API says how long until the next one may be sent
 * (when the button appears, after a success, or with RATE_LIMITED), and the button waits that
 * long, counting down: right after sign-up it does not invite a click that would be refused.
 */
export const ResendVerificationButton = () => {
  const trpc = useVerity()
  const countdown = useCountdown()
  const status = useQuery(trpc.auth.verificationStatus.queryOptions(undefined, { staleTime: 0 }))
  const { start } = countdown
  const waitBeforeAnyClick = status.data?.retryAfterSeconds
  useEffect(() => {
    if (waitBeforeAnyClick !== undefined && waitBeforeAnyClick > 0) start(waitBeforeAnyClick)
  }, [waitBeforeAnyClick, start])
  const resend = useMutation(
    trpc.auth.resendVerification.mutationOptions({
      onSuccess: (answer) => countdown.start(answer.retryAfterSeconds),
      onError: (error) => {
        const retryAfter = apiFailureOf(error)?.retryAfterSeconds
        if (retryAfter !== undefined) countdown.start(retryAfter)
      }
    })
  )
  const waiting = countdown.secondsLeft > 0
  return (
    <div className="resend">
      <button
        type="button"
        className="button button--secondary"
        disabled={resend.isPending || waiting}
        onClick={() => resend.mutate()}
      >
        {resend.isPending ? "Sending…" : "Send a new email"}
      </button>
      {waiting && <p className="muted">You can ask for another one in {formatWait(countdown.secondsLeft)}.</p>}
      {resend.isSuccess && (
        <Alert tone="success">
          We sent a new link and code to <span className="email-address">{resend.data.sentTo}</span>.
        </Alert>
      )}
      {resend.isError && (
        <FailureAlert
          error={resend.error}
          wording={{
            RATE_LIMITED: "We sent you an email very recently. Please check your inbox (and spam folder) first."
          }}
        />
      )}
    </div>
  )
}
