/**
 * Find a user, then follow every session of theirs live: the staleness detector, the list, the
 * selected session on the statechart with its replay, and the fan-out of the user's changes.
 */
import { useState } from "react"
import { FanOutPanel } from "../features/fanOut/components/FanOutPanel.tsx"
import { SessionTable } from "../features/sessions/components/SessionTable.tsx"
import { StalenessBanner } from "../features/sessions/components/StalenessBanner.tsx"
import { useLiveUserSessions } from "../features/sessions/hooks/useLiveUserSessions.ts"
import { MaskedEmail } from "../features/users/components/MaskedEmail.tsx"
import { UserSearch } from "../features/users/components/UserSearch.tsx"
import { formatTime } from "../lib/formatTime.ts"
import { SessionDetail } from "./SessionDetail.tsx"

export const SessionsPage = ({ onSignedOut }: { readonly onSignedOut: () => void }) => {
  const [userId, setUserId] = useState<string | null>(null)
  return (
    <section className="sessions-page" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <UserSearch onFound={setUserId} />
      {userId !== null && <UserSessionsView key={userId} userId={userId} onSignedOut={onSignedOut} />}
    </section>
  )
}

const UserSessionsView = ({ userId, onSignedOut }: { readonly userId: string; readonly onSignedOut: () => void }) => {
  const { picture, status } = useLiveUserSessions(userId, onSignedOut)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  if (picture === null) return <p role="status">Opening the live view…</p>
  const selected = picture.sessions.find((session) => session.id === selectedId) ?? picture.sessions[0]
  const { user } = picture
  return (
    <div className="user-sessions" data-live={status}>
      <p className="user-sessions__user">
        <MaskedEmail userId={user.id} masked={user.email} /> · <code className="user-sessions__id">{user.id}</code> ·{" "}
        <span className="user-sessions__confirmed">{user.emailConfirmed ? "confirmed" : "unconfirmed"}</span> · stored
        version <strong className="user-sessions__version">v{user.version}</strong>
        {user.lastChange !== null &&
          ` (last change: ${user.lastChange.cause}, ${formatTime(user.lastChange.at)})`} ·{" "}
        <span className="user-sessions__live">{status === "live" ? "live" : "reconnecting…"}</span>
      </p>
      <StalenessBanner picture={picture} />
      <SessionTable picture={picture} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
      {picture.truncated && <p>Only the newest sessions are listed.</p>}
      {selected !== undefined && <SessionDetail session={selected} sessions={picture.sessions} />}
      <h3>Fan-out</h3>
      <FanOutPanel userId={user.id} changes={picture.recentChanges} />
    </div>
  )
}
