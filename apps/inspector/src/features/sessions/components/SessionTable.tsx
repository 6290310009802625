/**
 * Every session of the user, live ones (held in memory by some instance) and dormant ones (in
 * the store only): state, the user version it holds, its last recorded event, device, last seen
 * and which instance holds it. Selecting one shows it on the statechart.
 */
import { formatTime } from "../../../lib/formatTime.ts"
import { describeEntry } from "../describeEntry.ts"
import type { InspectedSession, UserSessions } from "../liveUserSessions.ts"

const whereHeld = (session: InspectedSession) => {
  if (session.revokedAt !== null) return `ended (${session.revokedReason ?? "revoked"})`
  if (session.heldBy === null) return "dormant (store only)"
  return session.heldBy.thisInstance ? `${session.heldBy.instanceId} (this one)` : session.heldBy.instanceId
}

type SessionTableProps = {
  readonly picture: UserSessions
  readonly selectedId: string | null
  readonly onSelect: (sessionId: string) => void
}

export const SessionTable = ({ picture, selectedId, onSelect }: SessionTableProps) => (
  <table className="session-table" aria-label="Sessions">
    <thead>
      <tr>
        <th scope="col">Session</th>
        <th scope="col">State</th>
        <th scope="col">User version</th>
        <th scope="col">Last event</th>
        <th scope="col">Device</th>
        <th scope="col">Last seen</th>
        <th scope="col">Instance</th>
      </tr>
    </thead>
    <tbody>
      {picture.sessions.map((session) => (
        <tr
          key={session.id}
          data-session-id={session.id}
          data-state={session.machine.stateName}
          data-behind={String(session.behind)}
          aria-selected={session.id === selectedId}
          className={session.behind ? "session-row session-row--behind" : "session-row"}
        >
          <td>
            <button type="button" className="link-button" onClick={() => onSelect(session.id)}>
              {session.id.slice(0, 8)}
            </button>
          </td>
          <td className="session-row__state">
            {session.machine.stateName}
            {session.machine.source === "store" && " (as rebuilt)"}
          </td>
          <td className="session-row__version">
            v{session.heldVersion ?? session.machine.context.userVersion}
            {session.behind && ` — behind v${picture.user.version}`}
          </td>
          <td className="session-row__event">
            {session.lastEvent === null ? "–" : describeEntry(session.lastEvent)}
            {session.lastEvent !== null && <small> {formatTime(session.lastEvent.at)}</small>}
          </td>
          <td>
            {session.device.userAgent ?? "unknown device"}
            {session.device.ip !== null && <small> {session.device.ip}</small>}
          </td>
          <td>{formatTime(session.machine.context.session.lastSeenAt)}</td>
          <td>{whereHeld(session)}</td>
        </tr>
      ))}
    </tbody>
  </table>
)
