import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { Alert } from "../../../components/Alert.tsx"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { Page } from "../../../components/Page.tsx"
import { SessionHistory } from "./SessionHistory.tsx"
import { SessionItem } from "./SessionItem.tsx"

export const SessionsPage = () => {
  const trpc = useVerity()
  const queryClient = useQueryClient()
  const sessions = useQuery(trpc.session.list.queryOptions())
  // The history changes with the list: a session ended here is told there.
  const refreshList = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.session.list.queryFilter()),
      queryClient.invalidateQueries(trpc.session.trail.queryFilter())
    ])
  const revoke = useMutation(trpc.session.revoke.mutationOptions({ onSettled: refreshList }))
  const revokeOthers = useMutation(trpc.session.revokeOthers.mutationOptions({ onSettled: refreshList }))
  // The current session first: it is the one the user is sure of.
  const list = (sessions.data ?? []).toSorted((a, b) => Number(b.current) - Number(a.current))
  const others = list.filter((session) => !session.current).length

  return (
    <Page title="Sessions">
      <p>
        Every browser and device signed in to your account. Sign out any you do not recognise, then change your
        password.
      </p>
      {sessions.isPending && (
        <p className="muted" role="status">
          Loading your sessions…
        </p>
      )}
      <FailureAlert error={sessions.error} />
      <FailureAlert error={revoke.error} />
      {revoke.isSuccess && <Alert tone="success">That session is signed out.</Alert>}
      <ul className="session-list" aria-label="Signed-in sessions">
        {list.map((session) => (
          <SessionItem
            key={session.id}
            session={session}
            ending={revoke.isPending && revoke.variables.sessionId === session.id}
            onEnd={() => revoke.mutate({ sessionId: session.id })}
          />
        ))}
      </ul>
      {sessions.isSuccess && (
        <section className="card" aria-labelledby="other-sessions">
          <h2 id="other-sessions">Everywhere else</h2>
          <p>
            {others === 0
              ? "No other browser or device is signed in."
              : `${others} other ${others === 1 ? "session is" : "sessions are"} signed in.`}
          </p>
          <button
            type="button"
            className="button button--danger"
            disabled={others === 0 || revokeOthers.isPending}
            onClick={() => revokeOthers.mutate()}
          >
            Sign out all other sessions
          </button>
          <FailureAlert error={revokeOthers.error} />
          {revokeOthers.isSuccess && (
            <Alert tone="success">
              Signed out {revokeOthers.data.revoked} other {revokeOthers.data.revoked === 1 ? "session" : "sessions"}.
            </Alert>
          )}
        </section>
      )}
      <SessionHistory />
    </Page>
  )
}
