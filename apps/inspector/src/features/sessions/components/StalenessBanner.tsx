/**
 * The staleness detector: a live session holding an older user version than the store missed
 * a change. On a healthy system there is none, and the banner says so.
 */
import type { UserSessions } from "../liveUserSessions.ts"

export const StalenessBanner = ({ picture }: { readonly picture: UserSessions }) =>
  picture.behindCount === 0 ? (
    <p className="staleness staleness--healthy" role="status" data-behind="0">
      No stale sessions: every live session holds the stored user version (v{picture.user.version}).
    </p>
  ) : (
    <p className="staleness staleness--behind" role="alert" data-behind={picture.behindCount}>
      {picture.behindCount} live {picture.behindCount === 1 ? "session is" : "sessions are"} behind the stored user
      version (v{picture.user.version}): marked below.
    </p>
  )
