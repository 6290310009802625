/**
 * One user change's fan-out: every session it could reach, what became of it there (reached
 * live, caught up, rebuilt later from the store, dormant, or missed), on which instance, and how
 * long after the commit it arrived.
 */
import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { useState } from "react"
import { formatMs, formatTime } from "../../../lib/formatTime.ts"

type RecentChange = { readonly version: number; readonly cause: string; readonly committedAt: string | null }

type FanOutPanelProps = { readonly userId: string; readonly changes: ReadonlyArray<RecentChange> }

export const FanOutPanel = ({ userId, changes }: FanOutPanelProps) => {
  const trpc = useVerity()
  const [picked, setPicked] = useState<number | null>(null)
  const version = picked ?? changes[0]?.version ?? null
  const trace = useQuery({
    ...trpc.inspect.fanOut.queryOptions({ userId, version: version ?? 0 }),
    enabled: version !== null
  })
  if (version === null) return <p>No change of this user has been made yet.</p>
  return (
    <section className="fan-out" aria-label="Fan-out trace">
      <label>
        User change{" "}
        <select value={version} onChange={(event) => setPicked(Number(event.target.value))}>
          {changes.map((change) => (
            <option key={change.version} value={change.version}>
              v{change.version} {change.cause} {formatTime(change.committedAt)}
            </option>
          ))}
        </select>
      </label>
      {trace.isError && <p role="alert">{trace.error.message}</p>}
      {trace.data !== undefined && (
        <>
          <p>
            Committed {formatTime(trace.data.committedAt)}; delivered by{" "}
            {trace.data.dispatches
              .map((dispatch) => `${dispatch.instanceId} in ${formatMs(dispatch.delayMs)}`)
              .join(", ") || "no instance"}
            .
          </p>
          <table className="fan-out__sessions" aria-label="Sessions the change reached">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Outcome</th>
                <th scope="col">Instance</th>
                <th scope="col">Commit → actor</th>
              </tr>
            </thead>
            <tbody>
              {trace.data.sessions.map((session) => (
                <tr key={session.sessionId} data-outcome={session.outcome}>
                  <td>{session.sessionId.slice(0, 8)}</td>
                  <td>{session.outcome}</td>
                  <td>{session.instanceId ?? "–"}</td>
                  <td>{formatMs(session.delayMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
