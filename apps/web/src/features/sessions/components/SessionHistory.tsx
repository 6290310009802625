import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { FailureAlert } from "../../../components/FailureAlert.tsx"
import { describeDevice } from "../utils/describeDevice.ts"
import { describeTrailEvent } from "../utils/describeTrailEvent.ts"

/**
 * What happened recently to each of the user's sessions, ended ones too, in plain words: the
 * answer to "why was I signed out over there?". Newest first.
 */
export const SessionHistory = () => {
  const trpc = useVerity()
  const trail = useQuery(trpc.session.trail.queryOptions())
  return (
    <section className="card" aria-labelledby="recent-activity">
      <h2 id="recent-activity">Recent activity</h2>
      <FailureAlert error={trail.error} />
      {trail.isSuccess && trail.data.length === 0 && <p className="muted">Nothing to show yet.</p>}
      <ul className="session-list history">
        {(trail.data ?? []).map((session) => (
          <li key={session.sessionId} className="history__session">
            <h3 className="session__head">
              {describeDevice(session.userAgent)}
              {session.current && <span className="badge badge--ok">Current session</span>}
              {session.endedAt !== null && <span className="badge badge--warn">Signed out</span>}
            </h3>
            <ul className="history__events">
              {session.events.map((event) => (
                <li key={`${event.kind}-${event.at}`}>{describeTrailEvent(event)}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  )
}
