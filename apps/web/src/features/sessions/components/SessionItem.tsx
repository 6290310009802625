import type { VerityOutputs } from "@verity/client/react"
import { formatDateTime } from "../../../lib/format/formatDateTime.ts"
import { describeDevice } from "../utils/describeDevice.ts"

type SessionView = VerityOutputs["session"]["list"][number]

export const SessionItem = ({
  session,
  ending,
  onEnd
}: {
  readonly session: SessionView
  readonly ending: boolean
  readonly onEnd: () => void
}) => {
  const device = describeDevice(session.userAgent)
  return (
    <li className="card session">
      <div className="session__head">
        <h2 className="session__device">{device}</h2>
        {session.current && <span className="badge badge--ok">This device</span>}
      </div>
      <dl className="details details--compact">
        <div>
          <dt>Signed in</dt>
          <dd>{formatDateTime(session.createdAt)}</dd>
        </div>
        <div>
          <dt>Last active</dt>
          <dd>{formatDateTime(session.lastSeenAt)}</dd>
        </div>
        <div>
          <dt>IP address</dt>
          <dd>{session.ip ?? "Unknown"}</dd>
        </div>
      </dl>
      {/* This device signs out with "Sign out", which also forgets the cookie. */}
      {!session.current && (
        <button type="button" className="button button--danger" disabled={ending} onClick={onEnd}>
          Sign out this session
          <span className="visually-hidden">
            : {device}, signed in {formatDateTime(session.createdAt)}
          </span>
        </button>
      )}
    </li>
  )
}
