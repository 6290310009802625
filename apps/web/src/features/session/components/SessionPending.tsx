import type { Session } from "../../../lib/session/sessionContext.ts"

/** While the session is not known yet, or the API cannot be reached: say so, never guess. */
export const SessionPending = ({
  session
}: {
  readonly session: Extract<Session, { status: "loading" | "unreachable" }>
}) =>
  session.status === "loading" ? (
    <p className="muted" role="status">
      Loading…
    </p>
  ) : (
    <div className="alert alert--error" role="alert">
      <p>Verity could not be reached. Check your connection; this page will carry on once it answers.</p>
      <button type="button" className="button button--secondary" onClick={session.retry}>
        Try again
      </button>
    </div>
  )
